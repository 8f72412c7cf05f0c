package io.dea.ingestion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The files each file source has loaded (real path, size, last-modified time), in {@value #TABLE}
 * beside the watermarks and changed in the load's transaction, so a scheduled run reads only the
 * files it has not loaded and a crash or a re-delivered task never loads a file twice.
 */
final class LoadedFiles {

    static final String TABLE = "dea_meta.loaded_files";

    /**
     * One file as it was when it was looked at.
     *
     * @param path     its real path
     * @param size     its size in bytes
     * @param modified its last-modified time, microseconds since the epoch
     */
    record File(String path, long size, long modified) {
    }

    /**
     * What a load of a file source may do: append {@code newFiles} (possibly none), or replace the
     * table with every file ({@code appendable} false), and why.
     */
    record Plan(boolean appendable, List<File> newFiles, String reason) {
    }

    private LoadedFiles() {
    }

    /**
     * The files as they are now. Taken before DuckDB reads them: a file rewritten in between is then
     * recorded as older than what was read, so the next load sees a change and reloads (never the reverse).
     */
    static List<File> stat(List<Path> paths) throws IOException {
        List<File> files = new ArrayList<>();
        for (Path p : paths) {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            files.add(new File(p.toString(), a.size(), a.lastModifiedTime().to(TimeUnit.MICROSECONDS)));
        }
        return files;
    }

    static void ensureTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS dea_meta");
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (source VARCHAR, path VARCHAR, size BIGINT, modified_at TIMESTAMP, "
                    + "loaded_at TIMESTAMP, PRIMARY KEY (source, path))");
        }
    }

    /**
     * Appendable when the table exists, files were recorded for it, and every recorded file is
     * still among {@code now}, unchanged; the new files are the rest.
     */
    static Plan plan(Connection c, String source, List<File> now, boolean tableExists) throws SQLException {
        if (!tableExists) {
            return new Plan(false, now, "first load");
        }
        Map<String, File> recorded = recorded(c, source);
        if (recorded.isEmpty()) {
            return new Plan(false, now, "no files recorded for the table");
        }
        Map<String, File> current = new HashMap<>();
        now.forEach(f -> current.put(f.path(), f));
        Optional<String> changed = recorded.values().stream().filter(f -> !f.equals(current.get(f.path())))
                .map(f -> current.containsKey(f.path()) ? "a loaded file changed" : "a loaded file is gone").findFirst();
        if (changed.isPresent()) {
            return new Plan(false, now, changed.get());
        }
        return new Plan(true, now.stream().filter(f -> !recorded.containsKey(f.path())).toList(), "new files");
    }

    /** After a full load: the recorded files become exactly {@code files}. */
    static void replace(Connection c, String source, List<File> files) throws SQLException {
        forget(c, source);
        add(c, source, files);
    }

    /** After an append: {@code files} join the recorded ones (a file recorded already fails the transaction). */
    static void add(Connection c, String source, List<File> files) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " VALUES (?, ?, ?, make_timestamp(?), now())")) {
            for (File f : files) {
                ps.setString(1, source);
                ps.setString(2, f.path());
                ps.setLong(3, f.size());
                ps.setLong(4, f.modified());
                ps.executeUpdate();
            }
        }
    }

    /** After a load that is not by files (a key, JDBC, HTTP): the recorded files no longer say what the table holds. */
    static void forget(Connection c, String source) throws SQLException {
        ensureTable(c);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE source = ?")) {
            ps.setString(1, source);
            ps.executeUpdate();
        }
    }

    private static Map<String, File> recorded(Connection c, String source) throws SQLException {
        Map<String, File> files = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT path, size, epoch_us(modified_at) FROM " + TABLE + " WHERE source = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    files.put(rs.getString(1), new File(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                }
            }
        }
        return files;
    }
}
