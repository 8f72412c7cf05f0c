package io.dea.platform.source;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which URLs an HTTP connection may fetch: under its base URL (same scheme, host and port, path
 * under the base path), or on one of its allowed hosts; no user info, no encoded dots, slashes or
 * backslashes, no {@code .} or {@code ..} segments. The host's every resolved address must pass
 * {@link AddressPolicy} unless the connection allows private addresses. Every URL fetched goes
 * through here: the first, each redirect's Location and each next-page link.
 */
public final class HttpPolicy {

    /** Resolves a host name to its addresses; replaceable so tests never depend on DNS. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private static final Pattern ENCODED_TRICK = Pattern.compile("(?i)%(2e|2f|5c|00)");

    private final URI base;
    private final List<String> allowedHosts;
    private final boolean allowPrivate;
    private final Resolver resolver;
    private final String name;

    public HttpPolicy(String name, SourceSettings.Connection connection, Resolver resolver) throws SourceRefused {
        this.name = name;
        String baseUrl = connection.baseUrl() == null ? "" : connection.baseUrl().trim();
        URI parsed;
        try {
            parsed = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        } catch (IllegalArgumentException e) {
            throw new SourceRefused("connection " + name + ": base-url is not a URL");
        }
        if (!isHttp(parsed) || parsed.getHost() == null || parsed.getRawUserInfo() != null) {
            throw new SourceRefused("connection " + name + ": base-url must be an http(s) URL with a host and no user info");
        }
        this.base = parsed;
        List<String> hosts = new ArrayList<>();
        hosts.add(hostPort(parsed));
        connection.allowedHosts().forEach(h -> hosts.add(h.trim().toLowerCase(Locale.ROOT)));
        this.allowedHosts = List.copyOf(hosts);
        this.allowPrivate = connection.allowPrivateAddresses();
        this.resolver = resolver;
    }

    public URI base() {
        return base;
    }

    /** A goal's location as a URL: a path under the base URL (a leading '/' is still under it), or a full URL checked like any. */
    public URI locate(String location) throws SourceRefused {
        String l = location == null ? "" : location.trim();
        URI uri;
        try {
            uri = l.contains("://") ? URI.create(l) : base.resolve(URI.create(l.replaceFirst("^/+", "")));
        } catch (IllegalArgumentException e) {
            throw new SourceRefused("location is not a URL path; give a path under " + base);
        }
        return check(uri);
    }

    /** The URL when this connection may fetch it (without resolving its host). */
    public URI check(URI uri) throws SourceRefused {
        String shown = Redaction.url(uri.toString());
        if (!isHttp(uri) || uri.getHost() == null) {
            throw new SourceRefused(shown + " is not an http(s) URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new SourceRefused(shown + " carries user info; credentials belong in the connection's headers");
        }
        String raw = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (ENCODED_TRICK.matcher(raw).find() || raw.contains("\\") || !uri.normalize().getRawPath().equals(raw.isEmpty() ? "" : raw)) {
            throw new SourceRefused(shown + " has '.', '..' or encoded '.', '/' or '\\' in its path; give a plain path");
        }
        String hostPort = hostPort(uri);
        if (hostPort.equals(hostPort(base)) && uri.getScheme().equalsIgnoreCase(base.getScheme())) {
            if (!(raw.isEmpty() ? "/" : raw).startsWith(base.getRawPath())) {
                throw new SourceRefused(shown + " is not under connection " + name + "'s base URL " + base);
            }
            return uri;
        }
        if (!allowedHosts.contains(hostPort) && !(defaultPort(uri) && allowedHosts.contains(host(uri)))) {
            throw new SourceRefused(shown + " is not under connection " + name + "'s base URL " + base + " nor on its allowed hosts "
                    + allowedHosts.subList(1, allowedHosts.size()));
        }
        return uri;
    }

    /** Resolves the URL's host and checks every address it has; the URL when all may be reached. */
    public URI checkAddresses(URI uri) throws SourceRefused {
        if (allowPrivate) {
            return uri;
        }
        String host = host(uri);
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw new SourceRefused("host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            Optional<String> refusal = AddressPolicy.refusal(address);
            if (refusal.isPresent()) {
                throw new SourceRefused("host " + host + " resolves to " + address.getHostAddress() + ", " + refusal.get()
                        + "; connection " + name + " does not allow private addresses (allow-private-addresses: true)");
            }
        }
        return uri;
    }

    private static boolean isHttp(URI uri) {
        return "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
    }

    private static String host(URI uri) {
        return uri.getHost().toLowerCase(Locale.ROOT);
    }

    private static boolean defaultPort(URI uri) {
        return uri.getPort() == -1;
    }

    private static String hostPort(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return host(uri) + ":" + port;
    }
}
