package io.dea.platform.codegen;

/** Python source text from values (the Airflow DAG): a string literal, never pasted as code. */
public final class Python {

    private Python() {
    }

    /**
     * A double-quoted Python string literal holding exactly the text. Quotes and backslashes are
     * escaped; control characters, line and paragraph separators and everything outside ASCII
     * become {@code \\uXXXX} / {@code \\UXXXXXXXX} escapes, so the file stays ASCII and no character
     * can end the literal or the line.
     */
    public static String literal(String text) {
        StringBuilder literal = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> literal.append("\\\"");
                case '\\' -> literal.append("\\\\");
                case '\n' -> literal.append("\\n");
                case '\r' -> literal.append("\\r");
                case '\t' -> literal.append("\\t");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        literal.append((char) c);
                    } else if (c <= 0xffff) {
                        literal.append(String.format("\\u%04x", c));
                    } else {
                        literal.append(String.format("\\U%08x", c));
                    }
                }
            }
        });
        return literal.append('"').toString();
    }
}
