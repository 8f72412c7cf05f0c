package io.dea.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The files under DEA_HOME that the stack and the CLI share: where the running stack can be reached
 * (stack.json), the local reviewer's token, and the review service's token table.
 */
public final class StackFiles {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path home;

    public StackFiles(Path home) {
        this.home = home.toAbsolutePath().normalize();
    }

    public Path home() {
        return home;
    }

    public Path stackJson() {
        return home.resolve("stack.json");
    }

    public Path log() {
        return home.resolve("logs").resolve("stack.log");
    }

    public Path warehouse() {
        return home.resolve("warehouse.duckdb");
    }

    public Path dataProject() {
        return home.resolve("project");
    }

    public Path reviewTokens() {
        return home.resolve("review-tokens.yml");
    }

    /** The local reviewer's bearer token, made on first use. */
    public String token() {
        Path file = home.resolve("token");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(home);
                byte[] bytes = new byte[24];
                new SecureRandom().nextBytes(bytes);
                Files.writeString(file, HexFormat.of().formatHex(bytes) + "\n");
                file.toFile().setReadable(false, false);
                file.toFile().setReadable(true, true);
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The review service's tokens: the local person may decide every kind of review. */
    /**
     * Writes the review service's tokens on first start. A file that already holds the CLI's token is
     * kept, so people added to it (a second reviewer, for four eyes on prod goals) stay.
     */
    public void writeReviewTokens() {
        try {
            if (Files.exists(reviewTokens()) && Files.readString(reviewTokens()).contains(token())) {
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String yaml = """
                # Written by the local stack on first start; add people below it, one token each (never share one).
                # Each entry maps a bearer token to an identity and its roles.
                - token: "%s"
                  identity: %s
                  roles: [reviewer, governance-approver, cost-approver]
                """.formatted(token(), System.getProperty("user.name", "local-admin"));
        try {
            Files.writeString(reviewTokens(), yaml);
            // It holds every reviewer's token: owner only, like the token file.
            reviewTokens().toFile().setReadable(false, false);
            reviewTokens().toFile().setReadable(true, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void writeStack(Map<String, Object> stack) {
        try {
            Files.createDirectories(home);
            Path tmp = home.resolve("stack.json.tmp");
            Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(stack));
            Files.move(tmp, stackJson(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> readStack() {
        try {
            if (!Files.exists(stackJson())) {
                return Map.of();
            }
            return JSON.readValue(Files.readString(stackJson()), LinkedHashMap.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
