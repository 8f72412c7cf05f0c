package io.dea.platform.codegen;

/**
 * SQL inside a dbt model or test: DuckDB quoting first ({@link Sql}), then Jinja-inert
 * ({@link Jinja}), because dbt renders every model, test and comment with Jinja before DuckDB sees
 * it. A value, column name or file name from data reaches a dbt file only through here.
 */
public final class DbtSql {

    private DbtSql() {
    }

    public static String literal(String value) {
        return Jinja.inert(Sql.literal(value));
    }

    public static String identifier(String name) {
        return Jinja.inert(Sql.identifier(name));
    }

    public static String qualified(String qualifier, String name) {
        return Jinja.inert(Sql.qualified(qualifier, name));
    }

    /** Text for a {@code --} comment: one line (a newline would end the comment), Jinja-inert. */
    public static String comment(String text) {
        return Jinja.inert(text.replaceAll("[\\r\\n\\u0085\\u2028\\u2029]+", " "));
    }
}
