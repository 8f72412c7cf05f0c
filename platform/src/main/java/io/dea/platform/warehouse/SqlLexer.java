package io.dea.platform.warehouse;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL into statements the way DuckDB reads it: {@code '...'} strings where a backslash is an
 * ordinary character ({@code E'...'} strings where it escapes), {@code "..."} names,
 * {@code $tag$...$tag$} strings, {@code --} comments and nested {@code /* *}{@code /} comments.
 *
 * <p>Why not JSqlParser's own split: the two disagree on exactly these corners (JSqlParser reads
 * {@code '\'} as an unfinished string, DuckDB as a backslash), and a gate that splits differently
 * from the engine that runs the SQL can be walked around. So the split follows the engine, and
 * each piece is parsed alone; a piece JSqlParser then reads as two statements is refused.
 */
final class SqlLexer {

    enum Kind { WORD, STRING, NAME, SYMBOL }

    /** A token of one statement: its kind, its text in the source and where it starts. */
    record Token(Kind kind, String text, int start) {
        boolean isWord(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        boolean isSymbol(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }
    }

    /**
     * One statement: its text as written (comments kept), where that text starts in the whole SQL,
     * and its tokens (comments dropped), each placed in the whole SQL.
     */
    record Piece(String text, int start, List<Token> tokens) {
        /** The piece's text from a token on. */
        String from(Token token) {
            return text.substring(token.start() - start);
        }
    }

    /** SQL that DuckDB itself would not accept lexically, e.g. a string that never closes. */
    static final class LexException extends IllegalArgumentException {
        LexException(String message) {
            super(message);
        }
    }

    private SqlLexer() {
    }

    /** The statements of the SQL, empty ones (only blanks, comments, semicolons) left out. */
    static List<Piece> split(String sql) {
        List<Piece> pieces = new ArrayList<>();
        List<Token> tokens = new ArrayList<>();
        int pieceStart = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && sql.startsWith("/*", i)) {
                i = endOfBlockComment(sql, i);
            } else if (c == ';') {
                addPiece(pieces, sql.substring(pieceStart, i), pieceStart, tokens);
                tokens = new ArrayList<>();
                pieceStart = ++i;
            } else if (c == '\'') {
                int end = endOfString(sql, i, isEscapeStringPrefix(sql, i));
                tokens.add(new Token(Kind.STRING, sql.substring(i, end), i));
                i = end;
            } else if (c == '"') {
                int end = endOfQuoted(sql, i, '"');
                tokens.add(new Token(Kind.NAME, sql.substring(i, end), i));
                i = end;
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int close = sql.indexOf(tag, i + tag.length());
                if (close < 0) {
                    throw new LexException("a " + tag + " string is never closed");
                }
                int end = close + tag.length();
                tokens.add(new Token(Kind.STRING, sql.substring(i, end), i));
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i + 1;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_' || sql.charAt(end) == '$')) {
                    end++;
                }
                if (end < n && sql.charAt(end) == '\'' && isEscapeStringPrefix(sql, end)) {
                    i = end; // E'...': the string token starts at the quote, its prefix is the E
                    continue;
                }
                tokens.add(new Token(Kind.WORD, sql.substring(i, end), i));
                i = end;
            } else {
                tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), i));
                i++;
            }
        }
        addPiece(pieces, sql.substring(pieceStart), pieceStart, tokens);
        return pieces;
    }

    private static void addPiece(List<Piece> pieces, String text, int start, List<Token> tokens) {
        if (!tokens.isEmpty()) {
            pieces.add(new Piece(text, start, List.copyOf(tokens)));
        }
    }

    /** DuckDB (like PostgreSQL) nests block comments. */
    private static int endOfBlockComment(String sql, int start) {
        int depth = 0;
        int i = start;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        throw new LexException("a /* comment is never closed");
    }

    /** An E or e right before the quote, not itself the end of a longer word. */
    private static boolean isEscapeStringPrefix(String sql, int quote) {
        if (quote == 0 || (sql.charAt(quote - 1) != 'E' && sql.charAt(quote - 1) != 'e')) {
            return false;
        }
        return quote - 1 == 0 || !(Character.isLetterOrDigit(sql.charAt(quote - 2)) || sql.charAt(quote - 2) == '_');
    }

    private static int endOfString(String sql, int start, boolean backslashEscapes) {
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == '\'') {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        throw new LexException("a ' string is never closed");
    }

    private static int endOfQuoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        throw new LexException("a " + quote + " name is never closed");
    }

    /** {@code $$} or {@code $tag$} starting at i; null for a parameter such as {@code $1}. */
    private static String dollarTag(String sql, int i) {
        int j = i + 1;
        if (j < sql.length() && (Character.isLetter(sql.charAt(j)) || sql.charAt(j) == '_')) {
            while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
                j++;
            }
        }
        return j < sql.length() && sql.charAt(j) == '$' ? sql.substring(i, j + 1) : null;
    }
}
