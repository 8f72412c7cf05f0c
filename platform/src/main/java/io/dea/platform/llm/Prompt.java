package io.dea.platform.llm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A system prompt, a versioned resource of the agent that sends it ({@code prompts/<id>.md}, opening
 * with {@code <!-- prompt <id> v<N> -->}). The audit names the id and version of every call, so an
 * answer can be traced to the exact words that asked for it.
 *
 * @param id      e.g. {@code intake}
 * @param version raised whenever the text changes
 * @param text    the system message
 */
public record Prompt(String id, int version, String text) {

    private static final Pattern HEADER = Pattern.compile("\\A<!-- prompt ([a-z0-9_-]+) v(\\d+) -->\\R");

    /** {@code intake@v2}. */
    public String ref() {
        return id + "@v" + version;
    }

    /** The prompt {@code prompts/<id>.md} on the classpath of {@code owner}'s module. */
    public static Prompt load(Class<?> owner, String id) {
        String path = "/prompts/" + id + ".md";
        try (InputStream in = owner.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing prompt resource " + path);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = HEADER.matcher(text);
            if (!m.find() || !m.group(1).equals(id)) {
                throw new IllegalStateException(path + " must open with <!-- prompt " + id + " vN -->");
            }
            return new Prompt(id, Integer.parseInt(m.group(2)), text.substring(m.end()).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
