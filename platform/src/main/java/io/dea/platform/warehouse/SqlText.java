package io.dea.platform.warehouse;

/**
 * Quoting for the few values from outside that reach SQL text: file paths, and table and column
 * names read from the user's files. Expressions from goals never come through here; they are
 * re-rendered from a checked parse tree (GoalExpression). Delegates to {@link io.dea.platform.codegen.Sql};
 * SQL that dbt renders goes through {@link io.dea.platform.codegen.DbtSql}.
 */
public final class SqlText {

    private SqlText() {
    }

    /** A string literal: single quotes doubled, so a value can never end the literal early. */
    public static String literal(String value) {
        return io.dea.platform.codegen.Sql.literal(value);
    }

    /** A quoted identifier: double quotes doubled, so a column named like a keyword ({@code date}) works. */
    public static String identifier(String name) {
        return io.dea.platform.codegen.Sql.identifier(name);
    }

    /** {@code "qualifier"."name"}: a schema and table, or an alias and column. */
    public static String qualified(String qualifier, String name) {
        return identifier(qualifier) + "." + identifier(name);
    }
}
