package io.dea.platform.source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * JDBC URLs are parsed, never passed through. H2 URLs keep only settings on an allow-list (none of
 * them runs code or opens another file: no INIT, RUNSCRIPT, TRACE_LEVEL_FILE-style settings, no
 * AUTO_SERVER) and open read-only; DuckDB URLs take no settings at all, name one database file (or
 * memory) and open read-only with external access, extension loading and configuration changes off.
 * Any other driver needs its prefix listed by the operator. The connection's driver properties are
 * checked the same way, because H2 and DuckDB read settings from properties as well as from the URL.
 */
public final class JdbcUrlPolicy {

    /** H2 settings that only change how SQL is parsed or how long things wait. */
    static final Set<String> H2_SETTINGS = Set.of("MODE", "DATABASE_TO_UPPER", "DATABASE_TO_LOWER", "CASE_INSENSITIVE_IDENTIFIERS",
            "IGNORECASE", "DEFAULT_NULL_ORDERING", "NON_KEYWORDS", "LOCK_TIMEOUT", "QUERY_TIMEOUT", "NETWORK_TIMEOUT", "IFEXISTS",
            "ACCESS_MODE_DATA");
    private static final Pattern H2_VALUE = Pattern.compile("[A-Za-z0-9_,]*");
    private static final Pattern H2_MEM = Pattern.compile("mem:[A-Za-z0-9_]*");
    private static final Pattern H2_REMOTE = Pattern.compile("(tcp|ssl)://[A-Za-z0-9.-]+(:\\d+)?/[A-Za-z0-9_./-]+");
    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9_./ -]+");
    /** DuckDB's own advice for untrusted SQL ("Securing DuckDB"), and read-only. */
    static final Map<String, String> DUCKDB_LOCKDOWN = Map.of(
            "enable_external_access", "false",
            "autoinstall_known_extensions", "false",
            "autoload_known_extensions", "false",
            "allow_community_extensions", "false",
            "lock_configuration", "true");

    private JdbcUrlPolicy() {
    }

    /** Checks a jdbc connection's URL and properties and returns what to open; roots may be empty (anywhere allowed). */
    public static JdbcTarget check(SourceSettings.Connection connection, List<String> extraPrefixes, PathPolicy paths, String name)
            throws SourceRefused {
        String url = connection.url() == null ? "" : connection.url().trim();
        String lower = url.toLowerCase(Locale.ROOT);
        String at = "connection " + name;
        Properties props = new Properties();
        if (lower.startsWith("jdbc:h2:")) {
            props.putAll(h2Properties(connection, at));
            return new JdbcTarget(h2(url.substring("jdbc:h2:".length()), connection, paths, at), credentials(connection, props), "h2");
        }
        if (lower.startsWith("jdbc:duckdb:")) {
            if (!connection.properties().isEmpty()) {
                throw new SourceRefused(at + ": DuckDB connections take no driver properties (found "
                        + connection.properties().keySet().stream().sorted().toList() + "); remove them");
            }
            return duckdb(url.substring("jdbc:duckdb:".length()), connection, paths, at);
        }
        for (String prefix : extraPrefixes) {
            if (!prefix.isBlank() && lower.startsWith(prefix.toLowerCase(Locale.ROOT))) {
                props.putAll(connection.properties());
                return new JdbcTarget(url, credentials(connection, props), prefix);
            }
        }
        throw new SourceRefused(at + ": only H2 (jdbc:h2:) and DuckDB (jdbc:duckdb:) URLs are accepted; an operator may list other "
                + "driver prefixes in dea.sources.jdbc-driver-prefixes");
    }

    private static Properties credentials(SourceSettings.Connection connection, Properties props) {
        if (connection.user() != null) {
            props.setProperty("user", connection.user());
        }
        if (connection.password() != null) {
            props.setProperty("password", connection.password());
        }
        return props;
    }

    /** {@code <database>[;SETTING=value]...}: the database and each setting checked, the URL rebuilt read-only. */
    static String h2(String rest, SourceSettings.Connection connection, PathPolicy paths, String at) throws SourceRefused {
        if (rest.contains("\\")) {
            throw new SourceRefused(at + ": the H2 URL has a backslash (an escaped ';' hides a setting); remove it");
        }
        String[] parts = rest.split(";", -1);
        String database = parts[0].trim();
        List<String> settings = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            settings.add(h2Setting(parts[i], at));
        }
        boolean file;
        if (H2_MEM.matcher(database).matches()) {
            file = false;
        } else if (H2_REMOTE.matcher(database).matches() && !database.contains("..")) {
            file = false;
        } else {
            String path = database.startsWith("file:") ? database.substring("file:".length()) : database;
            if (!SAFE_PATH.matcher(path).matches() || path.contains("//")) {
                throw new SourceRefused(at + ": the H2 database must be an absolute file path (jdbc:h2:/data/shop or jdbc:h2:file:/data/shop), "
                        + "mem:name or tcp://host/path; no '~', other file systems (zip:, split:, nio...) or nested URLs");
            }
            paths.check(Path.of(path + ".mv.db"), roots(connection), at + ": the H2 database file");
            database = "file:" + path;
            file = true;
        }
        StringBuilder url = new StringBuilder("jdbc:h2:").append(database);
        settings.stream().filter(s -> !s.startsWith("ACCESS_MODE_DATA=") && !s.startsWith("IFEXISTS=")).forEach(s -> url.append(';').append(s));
        // Read-only, and never create an empty database where the operator mistyped the path.
        url.append(";IFEXISTS=TRUE");
        if (file) {
            url.append(";ACCESS_MODE_DATA=r");
        }
        return url.toString();
    }

    private static String h2Setting(String part, String at) throws SourceRefused {
        int eq = part.indexOf('=');
        String key = (eq < 0 ? part : part.substring(0, eq)).trim().toUpperCase(Locale.ROOT);
        String value = eq < 0 ? "" : part.substring(eq + 1).trim();
        if (key.isEmpty()) {
            throw new SourceRefused(at + ": the H2 URL has an empty setting (';;'); remove it");
        }
        if (!H2_SETTINGS.contains(key)) {
            throw new SourceRefused(at + ": the H2 URL setting " + key + " is not allowed (allowed: " + H2_SETTINGS.stream().sorted().toList()
                    + "); settings that run code or open files, such as INIT or RUNSCRIPT, are never accepted");
        }
        if (eq < 0 || !H2_VALUE.matcher(value).matches()) {
            throw new SourceRefused(at + ": the H2 URL setting " + key + " needs a plain value (letters, digits, '_', ',')");
        }
        if (key.equals("ACCESS_MODE_DATA") && !value.equalsIgnoreCase("r")) {
            throw new SourceRefused(at + ": ACCESS_MODE_DATA must be r (sources are read-only)");
        }
        return key + "=" + value;
    }

    private static Properties h2Properties(SourceSettings.Connection connection, String at) throws SourceRefused {
        Properties props = new Properties();
        for (var e : connection.properties().entrySet()) {
            String setting = h2Setting(e.getKey() + "=" + e.getValue(), at + " (property)");
            props.setProperty(e.getKey().trim().toUpperCase(Locale.ROOT), setting.substring(setting.indexOf('=') + 1));
        }
        props.remove("ACCESS_MODE_DATA");
        props.remove("IFEXISTS");
        return props;
    }

    static JdbcTarget duckdb(String rest, SourceSettings.Connection connection, PathPolicy paths, String at) throws SourceRefused {
        Properties props = new Properties();
        DUCKDB_LOCKDOWN.forEach(props::setProperty);
        if (rest.contains(";") || rest.contains("?") || rest.contains("&") || rest.contains("\\")) {
            throw new SourceRefused(at + ": DuckDB URLs take no settings (';', '?' or '&' in the URL); the connection opens read-only "
                    + "with external access off");
        }
        String database = rest.trim();
        if (database.isEmpty() || database.equals(":memory:")) {
            return new JdbcTarget("jdbc:duckdb:", props, "duckdb");
        }
        if (!SAFE_PATH.matcher(database).matches() || database.contains("//") || database.contains(":")) {
            throw new SourceRefused(at + ": the DuckDB database must be an absolute file path (jdbc:duckdb:/data/shop.duckdb); "
                    + "no remote databases (md:, s3://, http://) or other schemes");
        }
        Path real = paths.check(Path.of(database), roots(connection), at + ": the DuckDB database file");
        props.setProperty("duckdb.read_only", "true");
        // DuckDB files have no users: user and password are not passed (DuckDB would take them as unknown settings).
        return new JdbcTarget("jdbc:duckdb:" + real, props, "duckdb");
    }

    private static List<Path> roots(SourceSettings.Connection connection) {
        return connection.roots().stream().map(Path::of).toList();
    }
}
