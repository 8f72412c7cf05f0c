package io.dea.review;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Bearer tokens and who they stand for, from {@code dea.review.tokens} and the optional
 * {@code dea.review.tokens-file} (a YAML list of {@code {token, identity, roles}}, or a map with
 * such a list under {@code tokens}). The file is read again whenever it changes, so the local stack
 * can write it while the service runs. Tokens are held only as SHA-256 digests.
 */
@Component
public class TokenRegistry {

    private static final Logger log = LoggerFactory.getLogger(TokenRegistry.class);
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private final Map<String, Caller> configured;
    private final Path file;
    private volatile String fileVersion;
    private volatile Map<String, Caller> fromFile = Map.of();

    public TokenRegistry(ReviewProperties properties) {
        this.configured = index(properties.tokens(), "dea.review.tokens");
        this.file = properties.tokensFile();
        if (configured.isEmpty() && (file == null || !Files.isRegularFile(file))) {
            log.warn("No review tokens configured (dea.review.tokens, DEA_REVIEW_TOKEN or {}): nobody can use the API", file);
        }
    }

    /** The caller a bearer token stands for, if any. */
    public Optional<Caller> resolve(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        String digest = digest(token.trim());
        Caller caller = configured.get(digest);
        return caller != null ? Optional.of(caller) : Optional.ofNullable(fileTokens().get(digest));
    }

    private Map<String, Caller> fileTokens() {
        if (file == null) {
            return Map.of();
        }
        String version;
        try {
            version = Files.isRegularFile(file) ? Files.getLastModifiedTime(file).toMillis() + "/" + Files.size(file) : null;
        } catch (IOException e) {
            version = null;
        }
        if (version == null ? fileVersion == null : version.equals(fileVersion)) {
            return fromFile;
        }
        synchronized (this) {
            fileVersion = version;
            try {
                fromFile = version == null ? Map.of() : index(read(file), file.toString());
                log.info("Loaded {} review tokens from {}", fromFile.size(), file);
            } catch (IOException | RuntimeException e) {
                // Keep the tokens read before; say so once per version of the file, not per request.
                log.warn("Cannot read review tokens from {}, keeping the previous ones: {}", file, e.toString());
            }
        }
        return fromFile;
    }

    private static List<ReviewProperties.TokenGrant> read(Path file) throws IOException {
        JsonNode root = YAML.readTree(Files.readString(file));
        if (root == null || root.isMissingNode() || root.isNull()) {
            return List.of();
        }
        JsonNode list = root.isObject() ? root.path("tokens") : root;
        if (!list.isArray()) {
            throw new IllegalArgumentException("expected a list of {token, identity, roles}");
        }
        return YAML.convertValue(list, new TypeReference<List<ReviewProperties.TokenGrant>>() { });
    }

    private static Map<String, Caller> index(List<ReviewProperties.TokenGrant> grants, String source) {
        Map<String, Caller> byDigest = new HashMap<>();
        for (ReviewProperties.TokenGrant grant : grants == null ? List.<ReviewProperties.TokenGrant>of() : grants) {
            if (grant == null || grant.token() == null || grant.token().isBlank()) {
                continue;
            }
            if (grant.identity() == null || grant.identity().isBlank()) {
                log.warn("Ignoring a token without an identity in {}", source);
                continue;
            }
            List<String> roles = new ArrayList<>();
            for (String role : grant.roles() == null ? List.<String>of() : grant.roles()) {
                if (role != null && !role.isBlank()) {
                    roles.add(role.trim());
                }
            }
            byDigest.put(digest(grant.token().trim()), new Caller(grant.identity().trim(), Set.copyOf(roles)));
        }
        return Map.copyOf(byDigest);
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
