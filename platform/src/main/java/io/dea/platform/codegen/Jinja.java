package io.dea.platform.codegen;

/**
 * Text that Jinja (dbt, Airflow templates) prints exactly and never executes.
 *
 * <p>Outside a tag Jinja reacts only to the three start delimiters {@code {{}, {@code {%} and
 * {@code {#}. So every {@code {} that would start one is replaced by the expression
 * {@code {{ '{' }}}, which prints a single brace; the character after it then no longer follows a
 * brace in the template. Chosen over wrapping the whole value in {@code {% raw %}} (the value could
 * contain {@code {% endraw %}}) and over wrapping it in one big string expression (the value's own
 * quotes and backslashes would then need Jinja's string escapes): this form needs no escaping
 * inside, the output differs from the input only where a delimiter was, and {@link JinjaCheck}
 * allows exactly this one expression.
 */
public final class Jinja {

    /** What one escaped brace becomes. */
    public static final String BRACE = "{{ '{' }}";

    private Jinja() {
    }

    /** The value as template text that renders to the value itself. */
    public static String inert(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            char next = i + 1 < value.length() ? value.charAt(i + 1) : 0;
            out.append(c == '{' && (next == '{' || next == '%' || next == '#') ? BRACE : String.valueOf(c));
        }
        return out.toString();
    }

    /**
     * The inverse of {@link #inert}: for agents reading back a file they generated (a plain brace is
     * never followed by {@code {}, so every {@link #BRACE} in inert text is an escape).
     */
    public static String restore(String text) {
        return text.replace(BRACE, "{");
    }

    /** True when text would start a Jinja tag, expression or comment somewhere. */
    public static boolean hasDelimiter(String text) {
        return text.contains("{{") || text.contains("{%") || text.contains("{#");
    }
}
