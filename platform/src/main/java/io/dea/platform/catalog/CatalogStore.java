package io.dea.platform.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The catalog's table in the warehouse, {@code dea_meta.catalog}: one row per entry (a document per
 * section) with its attributes as JSON, its text and its vector ({@code FLOAT[384]}). Values and
 * vectors are always bound parameters (a vector as a list literal cast to {@code FLOAT[384]}), never
 * SQL text. Rows are replaced by delete-then-insert in one transaction, which the write gate allows
 * in {@code dea_meta} without an approval.
 */
final class CatalogStore {

    static final String TABLE = "dea_meta.catalog";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<TreeMap<String, String>> ATTRIBUTES = new TypeReference<>() { };

    private CatalogStore() {
    }

    /** A stored entry with its vector; what search reads back is a {@link Scored} row instead. */
    record Indexed(CatalogEntry entry, float[] vector) {
    }

    /** A row as search reads it: the entry and its cosine similarity to the query. */
    record Scored(CatalogEntry entry, double similarity) {
    }

    static void ensure(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS dea_meta");
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (name VARCHAR, part INTEGER, kind VARCHAR, attributes VARCHAR,"
                    + " text VARCHAR, embedding FLOAT[" + Embeddings.DIMENSIONS + "], updated_at TIMESTAMP)");
        }
    }

    /** Whether the table exists: a read-only reader (the CLI, the review service) may find a warehouse nothing indexed yet. */
    static boolean exists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM information_schema.tables"
                + " WHERE table_schema = 'dea_meta' AND table_name = 'catalog'"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    /** The stored entries of these names (every part), keyed by name and part. */
    static Map<String, CatalogEntry> read(Connection c, Collection<String> names) throws SQLException {
        Map<String, CatalogEntry> found = new LinkedHashMap<>();
        if (names.isEmpty()) {
            return found;
        }
        String sql = "SELECT kind, name, part, attributes FROM " + TABLE + " WHERE name IN (" + marks(names.size()) + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, names);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    CatalogEntry e = entry(rs);
                    found.put(e.name() + "#" + e.part(), e);
                }
            }
        }
        return found;
    }

    /** The names stored under a prefix ({@code landing.payments.} for its columns, {@code docs/} for documents). */
    static List<String> namesUnder(Connection c, String prefix, CatalogKind kind) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT name FROM " + TABLE
                + " WHERE kind = ? AND starts_with(name, ?) ORDER BY name")) {
            ps.setString(1, kind.label());
            ps.setString(2, prefix);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    /** Replaces every part of each written name, and deletes {@code deleted}, in one transaction. */
    static void write(Connection c, List<Indexed> written, Collection<String> deleted) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            delete(c, written.stream().map(i -> i.entry().name()).distinct().toList());
            delete(c, deleted);
            insert(c, written);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static void delete(Connection c, Collection<String> names) throws SQLException {
        if (names.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE name IN (" + marks(names.size()) + ")")) {
            bind(ps, names);
            ps.executeUpdate();
        }
    }

    private static void insert(Connection c, List<Indexed> rows) throws SQLException {
        String sql = "INSERT INTO " + TABLE + " (name, part, kind, attributes, text, embedding, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, CAST(? AS FLOAT[" + Embeddings.DIMENSIONS + "]), current_timestamp)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Indexed row : rows) {
                CatalogEntry e = row.entry();
                ps.setString(1, e.name());
                ps.setInt(2, e.part());
                ps.setString(3, e.kind().label());
                ps.setString(4, JSON.writeValueAsString(e.attributes()));
                ps.setString(5, e.text());
                ps.setString(6, Embeddings.literal(row.vector()));
                ps.executeUpdate();
            }
        }
    }

    /** Every row with its cosine similarity to the query's vector, most similar first. */
    static List<Scored> similar(Connection c, float[] query) throws SQLException {
        String sql = "SELECT kind, name, part, attributes, array_cosine_similarity(embedding, CAST(? AS FLOAT["
                + Embeddings.DIMENSIONS + "])) AS similarity FROM " + TABLE + " ORDER BY similarity DESC, name, part";
        List<Scored> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, Embeddings.literal(query));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Scored(entry(rs), rs.getDouble("similarity")));
                }
            }
        }
        return rows;
    }

    private static CatalogEntry entry(ResultSet rs) throws SQLException {
        return new CatalogEntry(CatalogKind.of(rs.getString("kind")), rs.getString("name"), rs.getInt("part"),
                JSON.readValue(rs.getString("attributes"), ATTRIBUTES));
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private static void bind(PreparedStatement ps, Collection<String> values) throws SQLException {
        int i = 1;
        for (String value : values) {
            ps.setString(i++, value);
        }
    }
}
