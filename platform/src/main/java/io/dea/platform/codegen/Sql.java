package io.dea.platform.codegen;

/**
 * DuckDB SQL text from values that came from outside (data, file names, goals). The only way such a
 * value becomes SQL: a literal or a quoted identifier, never pasted as code. For SQL that dbt renders
 * use {@link DbtSql}, which also makes the text Jinja-inert.
 */
public final class Sql {

    private Sql() {
    }

    /** A string literal: single quotes doubled, so a value can never end the literal early. */
    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** A quoted identifier: double quotes doubled, so a column named like a keyword ({@code date}) works. */
    public static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** {@code "qualifier"."name"}: a schema and table, or an alias and column. */
    public static String qualified(String qualifier, String name) {
        return identifier(qualifier) + "." + identifier(name);
    }
}
