package io.dea.platform.goal;

/** A {@code source.column} reference in a goal. */
public record ColumnRef(String source, String column) {

    /** Parses {@code source.column}; null when the text has no dot or a blank part. */
    public static ColumnRef parse(String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.trim();
        int dot = trimmed.indexOf('.');
        if (dot <= 0 || dot != trimmed.lastIndexOf('.') || dot == trimmed.length() - 1) {
            return null;
        }
        return new ColumnRef(trimmed.substring(0, dot), trimmed.substring(dot + 1));
    }

    @Override
    public String toString() {
        return source + "." + column;
    }
}
