package io.dea.registry;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP basic authentication for the registry, as Confluent Schema Registry does it: registering,
 * deleting and changing compatibility need a user with the write role ({@code dea.registry.users});
 * reads (fetches, lookups, compatibility checks) are open unless {@code dea.registry.anonymous-reads}
 * is false. With no user configured nobody can write: the registry fails closed. Refusals say which
 * header or role is missing and never echo what was sent.
 */
@Component
public class RegistryAccess extends OncePerRequestFilter {

    /** A path the exceptions below may be judged on: plain segments, nothing the server would rewrite first. */
    private static final java.util.regex.Pattern CLEAN_PATH = java.util.regex.Pattern.compile("(/[A-Za-z0-9_.\\-]+)*/?");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RegistryProperties properties;

    public RegistryAccess(RegistryProperties properties) {
        this.properties = properties;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean write = isWrite(request.getMethod(), request.getRequestURI().substring(request.getContextPath().length()));
        if (!write && properties.anonymousReads()) {
            chain.doFilter(request, response);
            return;
        }
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            refuse(response, 401, 40101, (write ? "registering, deleting and changing config" : "reading")
                    + " need HTTP basic credentials: send an 'Authorization: Basic' header with a registry user"
                    + (write ? " that has the write role" : "") + " (dea.registry.users)");
            return;
        }
        RegistryProperties.User user = authenticate(header.substring(6).trim());
        if (user == null) {
            refuse(response, 401, 40101, "the credentials in the Authorization header were not accepted");
            return;
        }
        if (write && user.role() != RegistryProperties.Role.WRITE) {
            refuse(response, 403, 40301, "this registry user may only read: registering, deleting and changing config need the write role");
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * Whether a request changes the registry. POST is a write except a lookup
     * ({@code /subjects/{subject}}) and a compatibility check; anything unknown counts as a write.
     */
    static boolean isWrite(String method, String path) {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS" -> false;
            // A POST is judged on its path only when the server cannot route it elsewhere after rewriting it
            // (dot segments, encodings, path parameters, doubled slashes): otherwise it is a write (fail closed).
            case "POST" -> !(clean(path) && (path.startsWith("/compatibility/") || path.matches("/subjects/[^/]+/?")));
            default -> true;
        };
    }

    private static boolean clean(String path) {
        return CLEAN_PATH.matcher(path).matches() && java.util.Arrays.stream(path.split("/")).noneMatch(p -> p.equals(".") || p.equals(".."));
    }

    private RegistryProperties.User authenticate(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        RegistryProperties.User user = properties.users().get(decoded.substring(0, colon));
        if (user == null || user.password() == null || user.password().isEmpty()) {
            return null;
        }
        boolean same = MessageDigest.isEqual(user.password().getBytes(StandardCharsets.UTF_8),
                decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
        return same ? user : null;
    }

    private static void refuse(HttpServletResponse response, int status, int code, String message) throws IOException {
        response.setStatus(status);
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"schema-registry\"");
        }
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write(JSON.writeValueAsString(Map.of("error_code", code, "message", message)));
    }
}
