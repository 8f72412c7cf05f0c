package io.dea.platform.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One thing the catalog knows: a table ({@code landing.payments}, {@code dev.daily_revenue}), a column
 * ({@code landing.payments.amount}) or a part of a document ({@code docs/refunds.md}, part 0, 1, ...).
 * Attributes are what the agents learned about it (type, rows, profile, PII tag, owner, tests,
 * freshness, the goal that made it); {@link #text()} is what is embedded and searched, built from the
 * name and the attributes, so an agent that adds an attribute changes what the entry is found by.
 *
 * @param part a document's section (0 for tables and columns)
 */
public record CatalogEntry(CatalogKind kind, String name, int part, SortedMap<String, String> attributes) {

    /** The attribute holding a document section's own text. */
    public static final String BODY = "body";
    /** Attributes that go into the text, in this order, each as {@code label: value}. */
    private static final List<String> DESCRIBED = List.of("type", "money", "measure", "grain", "filters", "description", "rows", "profile", "values", "key",
            "references", "pii", "owner", "tests", "freshness", "goal", "mart", "materialization");

    /** Attributes that say what an entry means, and so go into {@link #meaning()}. */
    private static final List<String> MEANINGFUL = List.of("money", "measure", "description", "values");

    public CatalogEntry {
        attributes = new TreeMap<>(attributes);
    }

    public static CatalogEntry table(String name, Map<String, String> attributes) {
        return new CatalogEntry(CatalogKind.TABLE, name, 0, new TreeMap<>(attributes));
    }

    public static CatalogEntry column(String table, String column, Map<String, String> attributes) {
        return new CatalogEntry(CatalogKind.COLUMN, table + "." + column, 0, new TreeMap<>(attributes));
    }

    public static CatalogEntry document(String path, int part, String body) {
        return new CatalogEntry(CatalogKind.DOCUMENT, path, part, new TreeMap<>(Map.of(BODY, body)));
    }

    /** This entry with {@code more} attributes laid over its own; a null value removes one. */
    public CatalogEntry with(Map<String, String> more) {
        TreeMap<String, String> merged = new TreeMap<>(attributes);
        more.forEach((k, v) -> {
            if (v == null) {
                merged.remove(k);
            } else {
                merged.put(k, v);
            }
        });
        merged.values().removeIf(java.util.Objects::isNull);
        if (merged.containsKey("pii")) {
            merged.remove("values"); // a PII column's sampled values never stay in the catalog
        }
        return new CatalogEntry(kind, name, part, merged);
    }

    /** The last part of the name: {@code amount} of {@code landing.payments.amount}, {@code refunds.md} of {@code docs/refunds.md}. */
    public String shortName() {
        String[] parts = name.split(kind == CatalogKind.DOCUMENT ? "/" : "\\.");
        return parts[parts.length - 1];
    }

    /** The table a column belongs to; null for tables and documents. */
    public String table() {
        return kind == CatalogKind.COLUMN ? name.substring(0, name.lastIndexOf('.')) : null;
    }

    /**
     * What keyword search reads, and what is stored: the name in words ({@code order_date} reads
     * "order date"), where it lives and every attribute the agents found, e.g.
     * {@code column amount of table payments (landing.payments); type: DOUBLE; ...}.
     */
    public String text() {
        if (kind == CatalogKind.DOCUMENT) {
            return "document " + name + ": " + attributes.getOrDefault(BODY, "");
        }
        List<String> parts = new ArrayList<>();
        String table = table();
        parts.add(kind.label() + " " + words(shortName())
                + (table == null ? "" : " of table " + words(table.substring(table.lastIndexOf('.') + 1)) + " (" + table + ")"));
        for (String key : DESCRIBED) {
            String value = attributes.get(key);
            if (value != null && !value.isBlank()) {
                parts.add(key + ": " + value);
            }
        }
        return String.join("; ", parts);
    }

    /**
     * What is embedded: a short phrase of what the entry means ({@code amount of payments}, {@code
     * revenue of daily revenue; sum of payments amount}), since technical attributes (types, owners,
     * row counts) in the phrase pull every vector toward the same boilerplate and blur the meaning.
     */
    public String meaning() {
        if (kind == CatalogKind.DOCUMENT) {
            return words(shortName().replaceFirst("\\.[a-z]+$", "")) + ": " + attributes.getOrDefault(BODY, "");
        }
        List<String> parts = new ArrayList<>();
        String table = table();
        parts.add(table == null ? words(shortName()) + " table" : words(shortName()) + " of " + words(table.substring(table.lastIndexOf('.') + 1)));
        String when = temporal(attributes.get("type"));
        if (when != null) {
            parts.add(when); // "paid at" is a moment, not money paid
        }
        for (String key : MEANINGFUL) {
            String value = attributes.get(key);
            if (value != null && !value.isBlank()) {
                parts.add(key.equals("measure") || key.equals("money") ? words(value) : key + " " + value);
            }
        }
        return String.join("; ", parts);
    }

    /** "a date" or "a point in time" for a temporal column type; null for others. */
    private static String temporal(String type) {
        String t = type == null ? "" : type.toUpperCase(java.util.Locale.ROOT);
        return t.startsWith("TIMESTAMP") || t.startsWith("TIME") ? "a point in time" : t.equals("DATE") ? "a date" : null;
    }

    /** {@code stg_daily_revenue__orders} reads {@code stg daily revenue orders}. */
    static String words(String identifier) {
        return identifier.replaceAll("[_.\\-/]+", " ").trim();
    }
}
