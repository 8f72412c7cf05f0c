package io.dea.platform.catalog;

import io.dea.platform.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The catalog over one warehouse: entries are upserted and deleted by qualified name, never rebuilt
 * whole, and searched by keyword and meaning ({@link CatalogRanking}). It lives in the warehouse
 * ({@code dea_meta.catalog}), so it survives restarts and every replica of every service sees the
 * same index. Writes go through whatever warehouse it is given: an agent's, behind the task's write
 * gate. Vectors are computed between the read and the write, with no connection open, so the
 * warehouse is not held while the model runs.
 */
public final class Catalog {

    public static final int DEFAULT_LIMIT = 10;

    private final Warehouse warehouse;

    public Catalog(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /**
     * Lays each entry's attributes over what is stored under its name (a new name is added) and
     * re-embeds the ones whose text changed. Returns how many entries were written.
     */
    public int upsert(List<CatalogEntry> entries) {
        return replace(entries, List.of(), true);
    }

    /** Deletes every part of these names. */
    public void delete(Collection<String> names) {
        replace(List.of(), names, true);
    }

    /**
     * Writes a table and its columns as they are now: columns stored under the table that it no
     * longer has are deleted; attributes other agents added to the others are kept.
     */
    public int replaceTable(CatalogEntry table, List<CatalogEntry> columns) {
        List<String> gone = warehouse.withConnection(c -> {
            CatalogStore.ensure(c);
            return CatalogStore.namesUnder(c, table.name() + ".", CatalogKind.COLUMN);
        });
        Set<String> kept = new TreeSet<>(columns.stream().map(CatalogEntry::name).toList());
        List<CatalogEntry> all = new ArrayList<>(columns);
        all.add(0, table);
        return replace(all, gone.stream().filter(n -> !kept.contains(n)).toList(), true);
    }

    /**
     * Writes documents whole (every section of each path replaced; unchanged ones skipped) and
     * deletes the documents under {@code prefixes} that {@code paths} no longer holds.
     */
    public int replaceDocuments(List<CatalogEntry> sections, Collection<String> gone) {
        return replace(sections, gone, false);
    }

    /** The names of the documents stored. */
    public List<String> documents() {
        return warehouse.withConnection(c -> {
            CatalogStore.ensure(c);
            return CatalogStore.namesUnder(c, "", CatalogKind.DOCUMENT);
        });
    }

    private int replace(List<CatalogEntry> entries, Collection<String> deleted, boolean merge) {
        Map<String, CatalogEntry> stored = warehouse.withConnection(c -> {
            CatalogStore.ensure(c);
            return CatalogStore.read(c, entries.stream().map(CatalogEntry::name).distinct().toList());
        });
        List<CatalogEntry> next = merge ? merged(entries, stored) : changedDocuments(entries, stored);
        if (next.isEmpty() && deleted.isEmpty()) {
            return 0;
        }
        List<CatalogStore.Indexed> written = next.stream()
                .map(e -> new CatalogStore.Indexed(e, Embeddings.embed(e.meaning()))).toList();
        warehouse.withConnection(c -> {
            CatalogStore.write(c, written, deleted);
            return null;
        });
        return written.size();
    }

    /** Each entry laid over its stored self; only those that changed. */
    private static List<CatalogEntry> merged(List<CatalogEntry> entries, Map<String, CatalogEntry> stored) {
        List<CatalogEntry> changed = new ArrayList<>();
        for (CatalogEntry entry : entries) {
            CatalogEntry old = stored.get(entry.name() + "#" + entry.part());
            CatalogEntry next = old != null ? old.with(entry.attributes()) : entry.with(Map.of());
            if (!next.equals(old)) {
                changed.add(next);
            }
        }
        return changed;
    }

    /** Every section of each document that differs from what is stored (a section changed, added or gone). */
    private static List<CatalogEntry> changedDocuments(List<CatalogEntry> sections, Map<String, CatalogEntry> stored) {
        Map<String, List<CatalogEntry>> byName = new java.util.LinkedHashMap<>();
        sections.forEach(s -> byName.computeIfAbsent(s.name(), n -> new ArrayList<>()).add(s));
        List<CatalogEntry> changed = new ArrayList<>();
        byName.forEach((name, parts) -> {
            long storedParts = stored.keySet().stream().filter(k -> k.startsWith(name + "#")).count();
            boolean same = storedParts == parts.size() && parts.stream().allMatch(p -> p.equals(stored.get(name + "#" + p.part())));
            if (!same) {
                changed.addAll(parts);
            }
        });
        return changed;
    }

    /** The best {@code limit} entries for the text; empty when nothing was indexed yet. */
    public List<CatalogHit> search(String text, int limit) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("give the words to search for");
        }
        float[] query = Embeddings.embed(text);
        List<CatalogStore.Scored> rows = warehouse.withConnection(c -> CatalogStore.exists(c) ? CatalogStore.similar(c, query) : List.of());
        return CatalogRanking.rank(text, rows, Math.max(1, limit));
    }
}
