package io.dea.modeling;

/** Quoting for names that come from the user's files (column names) when they reach SQL text. */
final class Sql {

    private Sql() {
    }

    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String table(String schema, String table) {
        return identifier(schema) + "." + identifier(table);
    }
}
