package io.dea.transform;

/** Quoting for identifiers in generated SQL, so a column named like a keyword ({@code date}) still works. */
final class Sql {

    private Sql() {
    }

    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String column(String alias, String column) {
        return identifier(alias) + "." + identifier(column);
    }
}
