package io.dea.platform.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The allow-list of Jinja a generated dbt file may hold: exactly what the generators emit. It reads
 * the template the way Jinja's own lexer does (the first of {@code {{}, {@code {%}, {@code {#};
 * strings with their escapes; brackets balanced before a closing delimiter counts; comments;
 * {@code raw} blocks) and checks every expression and statement token by token. Anything else
 * fails closed, naming the file, the line and the construct, never the file's text around it.
 *
 * <p>Allowed: calls of {@code ref}, {@code source}, {@code config} and {@code is_incremental},
 * {@code var} and {@code env_var} with a known name, {@code this}, {@code target.type}, literals
 * (strings, numbers, lists, dicts, {@code none}/{@code true}/{@code false}), keyword arguments,
 * {@code x if c else y}, {@code ==}/{@code !=}, and the statements {@code if}/{@code elif}/
 * {@code else}/{@code endif} and {@code raw}. No filters, attribute access, subscripts, other
 * names or calls, {@code set}, {@code for}, {@code macro}, {@code do}, {@code call}, imports.
 */
public final class JinjaCheck {

    private static final Set<String> CALLABLES = Set.of("ref", "source", "config", "is_incremental", "var", "env_var");
    private static final Set<String> WORDS = Set.of("if", "else", "and", "or", "not", "none", "None", "true", "True",
            "false", "False");
    private static final Set<String> OPERATORS = Set.of("(", ")", "[", "]", "{", "}", ",", ":", "==", "!=", "=", ".");
    private static final Set<String> OPENS_VALUE = Set.of("(", "[", "{", ",", ":", "=", "==", "!=");
    private static final Pattern END_RAW = Pattern.compile("\\{%[-+]?\\s*endraw\\s*[-+]?%}");

    private final Set<String> knownVars;
    private final Set<String> knownEnv;

    /**
     * @param knownVars names {@code var(...)} may read
     * @param knownEnv  names {@code env_var(...)} may read
     */
    public JinjaCheck(Set<String> knownVars, Set<String> knownEnv) {
        this.knownVars = Set.copyOf(knownVars);
        this.knownEnv = Set.copyOf(knownEnv);
    }

    /** What the generators of this project emit: no vars; the warehouse and schema variables. */
    public static JinjaCheck generated() {
        return new JinjaCheck(Set.of(), Set.of("DEA_WAREHOUSE", "DEA_SCHEMA"));
    }

    /** Checks one template; throws {@link RefusedJinja} at the first construct not allowed. */
    public void check(String file, String template) {
        int i = 0;
        while (true) {
            int open = nextOpen(template, i);
            if (open < 0) {
                return;
            }
            char kind = template.charAt(open + 1);
            int line = line(template, open);
            if (kind == '#') {
                int end = template.indexOf("#}", open + 2);
                if (end < 0) {
                    throw new RefusedJinja(file, line, "a comment that never ends");
                }
                i = end + 2;
                continue;
            }
            Tag tag = lex(file, template, open + 2, kind == '{' ? '}' : '%', line);
            if (kind == '{') {
                expression(file, line, tag.tokens());
                i = tag.end();
            } else {
                i = statement(file, line, template, tag);
            }
        }
    }

    private static int nextOpen(String text, int from) {
        for (int i = from; i + 1 < text.length(); i++) {
            char next = text.charAt(i + 1);
            if (text.charAt(i) == '{' && (next == '{' || next == '%' || next == '#')) {
                return i;
            }
        }
        return -1;
    }

    private int statement(String file, int line, String template, Tag tag) {
        List<String> tokens = tag.tokens();
        String word = tokens.isEmpty() ? "" : tokens.get(0);
        switch (word) {
            case "if", "elif" -> {
                if (tokens.size() < 2) {
                    throw new RefusedJinja(file, line, "an empty " + word);
                }
                expression(file, line, tokens.subList(1, tokens.size()));
                return tag.end();
            }
            case "else", "endif" -> {
                if (tokens.size() != 1) {
                    throw new RefusedJinja(file, line, "'" + word + "' with more after it");
                }
                return tag.end();
            }
            case "raw" -> {
                if (tokens.size() != 1) {
                    throw new RefusedJinja(file, line, "'raw' with more after it");
                }
                Matcher end = END_RAW.matcher(template);
                if (!end.find(tag.end())) {
                    throw new RefusedJinja(file, line, "a raw block that never ends");
                }
                return end.end(); // a raw block's content is printed, never executed
            }
            default -> throw new RefusedJinja(file, line, "the statement '" + shown(word) + "'");
        }
    }

    private void expression(String file, int line, List<String> tokens) {
        if (tokens.isEmpty()) {
            throw new RefusedJinja(file, line, "an empty expression");
        }
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            String previous = i == 0 ? "(" : tokens.get(i - 1);
            String next = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
            if (isString(token) || Character.isDigit(token.charAt(0))) {
                continue;
            }
            if (isName(token)) {
                i = name(file, line, tokens, i, next);
                continue;
            }
            if (!OPERATORS.contains(token) || token.equals(".")) {
                throw new RefusedJinja(file, line, "the operator '" + shown(token) + "'");
            }
            boolean opensValue = OPENS_VALUE.contains(previous) || i == 0;
            if (token.equals("(") && !opensValue && !CALLABLES.contains(previous)) {
                throw new RefusedJinja(file, line, "a call of something other than " + String.join(", ", sorted(CALLABLES)));
            }
            if ((token.equals("[") || token.equals("{")) && !opensValue) {
                throw new RefusedJinja(file, line, "a subscript");
            }
        }
    }

    /** Checks the name at i; returns the index of the last token it used. */
    private int name(String file, int line, List<String> tokens, int i, String next) {
        String name = tokens.get(i);
        if (next.equals("=")) {
            return i; // a keyword argument's name: never evaluated
        }
        if (CALLABLES.contains(name)) {
            if (!next.equals("(")) {
                throw new RefusedJinja(file, line, "'" + name + "' used other than called");
            }
            if (name.equals("var") || name.equals("env_var")) {
                Set<String> known = name.equals("var") ? knownVars : knownEnv;
                String arg = i + 2 < tokens.size() ? tokens.get(i + 2) : "";
                if (!isString(arg) || !known.contains(arg.substring(1, arg.length() - 1))) {
                    throw new RefusedJinja(file, line, name + "() of a name not in " + sorted(known));
                }
            }
            return i;
        }
        if (name.equals("this") && !Set.of(".", "(", "[").contains(next)) {
            return i;
        }
        if (name.equals("target") && next.equals(".") && i + 2 < tokens.size() && tokens.get(i + 2).equals("type")) {
            return i + 2;
        }
        if (WORDS.contains(name) && !next.equals("(") && !next.equals(".")) {
            return i;
        }
        throw new RefusedJinja(file, line, "the name '" + shown(name) + "'");
    }

    /** The tokens of one tag up to its closing delimiter (found only with brackets balanced, as Jinja does). */
    private static Tag lex(String file, String s, int from, char close, int line) {
        List<String> tokens = new ArrayList<>();
        int depth = 0;
        int i = from;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++; // whitespace control
        }
        while (true) {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= s.length()) {
                throw new RefusedJinja(file, line, "a tag that never ends");
            }
            if (depth == 0) {
                int end = closing(s, i, close);
                if (end >= 0) {
                    return new Tag(tokens, end);
                }
            }
            char c = s.charAt(i);
            int start = i;
            if (c == '\'' || c == '"') {
                i = endOfString(file, s, i, line);
            } else if (Character.isLetter(c) || c == '_') {
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
            } else if (Character.isDigit(c)) {
                while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == '_')) {
                    i++;
                }
            } else {
                String two = s.substring(i, Math.min(s.length(), i + 2));
                i += Set.of("==", "!=", "<=", ">=", "**", "//").contains(two) ? 2 : 1;
                depth += "([{".indexOf(c) >= 0 ? 1 : ")]}".indexOf(c) >= 0 ? -1 : 0;
                depth = Math.max(depth, 0);
            }
            tokens.add(s.substring(start, i));
        }
    }

    /** The index after the tag's closing delimiter when it starts at i, else -1. */
    private static int closing(String s, int i, char close) {
        int j = s.charAt(i) == '-' || s.charAt(i) == '+' ? i + 1 : i;
        return s.startsWith(close + "}", j) ? j + 2 : -1;
    }

    private static int endOfString(String file, String s, int start, int line) {
        char quote = s.charAt(start);
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                return i + 1;
            }
        }
        throw new RefusedJinja(file, line, "a string that never ends");
    }

    private static boolean isString(String token) {
        return token.length() >= 2 && (token.charAt(0) == '\'' || token.charAt(0) == '"');
    }

    private static boolean isName(String token) {
        return Character.isLetter(token.charAt(0)) || token.charAt(0) == '_';
    }

    private static int line(String s, int index) {
        return (int) s.substring(0, index).chars().filter(c -> c == '\n').count() + 1;
    }

    /** A construct as the error shows it: short, printable, so an error never carries a file's data. */
    private static String shown(String token) {
        String printable = token.replaceAll("[^\\x21-\\x7e]", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }

    private record Tag(List<String> tokens, int end) {
    }

    /** A generated file holds Jinja the generators never emit. */
    public static final class RefusedJinja extends IllegalArgumentException {
        RefusedJinja(String file, int line, String construct) {
            super(file + " line " + line + ": " + construct + " is not allowed in a generated dbt file"
                    + " (allowed: ref, source, config, is_incremental, this, target.type, known var/env_var, if/else, literals)");
        }
    }

}
