package io.dea.registry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry's whole state in memory, fed only by records read back from the schema topic.
 *
 * <p>Every instance applies the same records in the same (log) order with the same rule, so
 * instances converge without talking to each other: the first record in the log to claim an id, a
 * schema or a subject version wins, and a later conflicting record (two instances writing at once)
 * is ignored and retried by its writer. The price is one monitor for all reads and writes, which is
 * plenty for a registry that serializers hit once per schema and then cache.
 */
@Component
public class SchemaStore {

    private static final Logger log = LoggerFactory.getLogger(SchemaStore.class);

    private final Map<Integer, StoredSchema> schemasById = new HashMap<>();
    private final Map<StoredSchema, Integer> idsBySchema = new HashMap<>();
    private final Map<String, NavigableMap<Integer, SubjectVersion>> subjects = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private int maxId;
    /** The next log offset to apply; everything before it is in memory. */
    private long position;

    // --- fed by the log -------------------------------------------------------------------------

    /** Applies one subject-version record; false when it conflicts with what the log said first. */
    public synchronized boolean applySchema(LogRecords.SchemaValue record) {
        StoredSchema schema = record.stored();
        StoredSchema holder = schemasById.get(record.id());
        Integer knownId = idsBySchema.get(schema);
        SubjectVersion current = versionsOf(record.subject()).get(record.version());
        if ((holder != null && !holder.equals(schema))
                || (knownId != null && knownId != record.id())
                || (current != null && current.id() != record.id())) {
            log.warn("Ignoring conflicting record for {} v{} (id {}): an earlier record claimed it",
                    record.subject(), record.version(), record.id());
            return false;
        }
        schemasById.put(record.id(), schema);
        idsBySchema.put(schema, record.id());
        subjects.computeIfAbsent(record.subject(), s -> new TreeMap<>())
                .put(record.version(), record.subjectVersion());
        maxId = Math.max(maxId, record.id());
        return true;
    }

    /** Sets or (with null) clears a level; a null subject means the registry-wide level. */
    public synchronized void applyConfig(String subject, CompatibilityLevel level) {
        if (subject == null) {
            globalLevel = level;
        } else if (level == null) {
            subjectLevels.remove(subject);
        } else {
            subjectLevels.put(subject, level);
        }
    }

    public synchronized void advanceTo(long nextOffset) {
        if (nextOffset > position) {
            position = nextOffset;
            notifyAll();
        }
    }

    /** Waits until every record before {@code nextOffset} has been applied. */
    public synchronized boolean awaitPosition(long nextOffset, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (position < nextOffset) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    public synchronized long position() {
        return position;
    }

    // --- schemas --------------------------------------------------------------------------------

    public synchronized Optional<StoredSchema> schema(int id) {
        return Optional.ofNullable(schemasById.get(id));
    }

    /** The id this schema already has anywhere, under any subject, live or soft-deleted. */
    public synchronized Optional<Integer> idOf(StoredSchema schema) {
        return Optional.ofNullable(idsBySchema.get(schema));
    }

    public synchronized int maxId() {
        return maxId;
    }

    /** The live subject versions that use this id. */
    public synchronized List<SubjectVersion> usages(int id) {
        List<SubjectVersion> result = new ArrayList<>();
        for (NavigableMap<Integer, SubjectVersion> versions : subjects.values()) {
            versions.values().stream().filter(v -> v.id() == id && !v.deleted()).forEach(result::add);
        }
        return result;
    }

    // --- subjects -------------------------------------------------------------------------------

    /** Subjects in name order; a subject whose versions are all soft-deleted is listed only on request. */
    public synchronized List<String> subjects(boolean includeDeleted) {
        return subjects.entrySet().stream()
                .filter(e -> includeDeleted || e.getValue().values().stream().anyMatch(v -> !v.deleted()))
                .map(Map.Entry::getKey)
                .toList();
    }

    public synchronized List<SubjectVersion> liveVersions(String subject) {
        return versionsOf(subject).values().stream().filter(v -> !v.deleted()).toList();
    }

    /** Any version, soft-deleted included: writers use it to see whether their record won. */
    public synchronized Optional<SubjectVersion> version(String subject, int version) {
        return Optional.ofNullable(versionsOf(subject).get(version));
    }

    /** Version numbers continue after soft deletes, as Confluent's do. */
    public synchronized int maxVersion(String subject) {
        NavigableMap<Integer, SubjectVersion> versions = versionsOf(subject);
        return versions.isEmpty() ? 0 : versions.lastKey();
    }

    public synchronized Optional<SubjectVersion> findLive(String subject, StoredSchema schema) {
        Integer id = idsBySchema.get(schema);
        if (id == null) {
            return Optional.empty();
        }
        return liveVersions(subject).stream().filter(v -> v.id() == id).findFirst();
    }

    /**
     * A live version from its path form: a number, or {@code latest} (also {@code -1}).
     *
     * @throws RegistryException 40401, 40402 or 42202, as Confluent answers
     */
    public synchronized SubjectVersion resolve(String subject, String versionText) {
        Integer wanted = parseVersion(versionText);
        List<SubjectVersion> live = liveVersions(subject);
        if (live.isEmpty()) {
            throw RegistryErrors.subjectNotFound(subject);
        }
        if (wanted == null) {
            return live.get(live.size() - 1);
        }
        return live.stream().filter(v -> v.version() == wanted).findFirst()
                .orElseThrow(() -> RegistryErrors.versionNotFound(subject, versionText));
    }

    /** Null means latest. */
    static Integer parseVersion(String text) {
        if ("latest".equalsIgnoreCase(text) || "-1".equals(text)) {
            return null;
        }
        try {
            int version = Integer.parseInt(text);
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException e) {
            // falls through to the Confluent error below
        }
        throw RegistryErrors.invalidVersion(text);
    }

    // --- compatibility levels -------------------------------------------------------------------

    public synchronized CompatibilityLevel globalCompatibility() {
        return globalLevel == null ? CompatibilityLevel.DEFAULT : globalLevel;
    }

    public synchronized Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    /** What a registration under this subject is checked against. */
    public synchronized CompatibilityLevel effectiveCompatibility(String subject) {
        return subjectCompatibility(subject).orElseGet(this::globalCompatibility);
    }

    private NavigableMap<Integer, SubjectVersion> versionsOf(String subject) {
        NavigableMap<Integer, SubjectVersion> versions = subjects.get(subject);
        return versions == null ? new TreeMap<>() : versions;
    }
}
