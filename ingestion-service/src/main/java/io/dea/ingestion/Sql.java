package io.dea.ingestion;

/** Quoting for the few values that reach SQL text: file paths and column names from the user's files. */
final class Sql {

    private Sql() {
    }

    /** A SQL string literal: single quotes doubled, so a path can never end the literal early. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** A quoted identifier: double quotes doubled. */
    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
