package io.dea.registry;

import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every change to the registry: registrations, soft deletes and compatibility levels.
 *
 * <p>A change is written to the topic and counts only once it has been read back into
 * {@link SchemaStore}, so this instance and every other one apply it the same way. Before a write
 * it reads the topic to its end, so an id or version is chosen knowing what other instances wrote;
 * if another instance still got there first (a race between two writers), the store ignores the
 * loser's record and the loser tries again with fresh state. Writes in one instance are serialized
 * by one lock: simple, and registrations are rare.
 */
@Service
public class SchemaRegistrar {

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistrar.class);
    private static final int ATTEMPTS = 5;

    private final SchemaStore store;
    private final SchemaLog schemaLog;
    private final Object writeLock = new Object();

    public SchemaRegistrar(SchemaStore store, SchemaLog schemaLog) {
        this.store = store;
        this.schemaLog = schemaLog;
    }

    /** Registers a schema under a subject, or returns the id it already has there. */
    public int register(String subject, RegistryApi.SchemaRequest request) {
        StoredSchema schema = canonicalize(request);
        synchronized (writeLock) {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                schemaLog.awaitCaughtUp();
                Optional<SubjectVersion> existing = store.findLive(subject, schema);
                if (existing.isPresent()) {
                    return existing.get().id();
                }
                List<String> reasons = incompatibilities(subject, schema, store.effectiveCompatibility(subject), null);
                if (!reasons.isEmpty()) {
                    throw RegistryErrors.incompatible(subject, reasons);
                }
                // Ids are global: a schema known under any subject keeps its id; otherwise the next one.
                int id = store.idOf(schema).orElse(store.maxId() + 1);
                SubjectVersion version = new SubjectVersion(subject, store.maxVersion(subject) + 1, id, false);
                if (writeAndConfirm(version, schema)) {
                    return id;
                }
                log.info("Another registry instance won {} v{}; retrying ({}/{})",
                        subject, version.version(), attempt, ATTEMPTS);
            }
        }
        throw RegistryErrors.storeError("could not register under " + subject + " after " + ATTEMPTS
                + " attempts: other instances kept writing", null);
    }

    /** Soft-deletes every live version of a subject and returns their numbers. */
    public List<Integer> deleteSubject(String subject) {
        synchronized (writeLock) {
            schemaLog.awaitCaughtUp();
            List<SubjectVersion> live = store.liveVersions(subject);
            if (live.isEmpty()) {
                throw RegistryErrors.subjectNotFound(subject);
            }
            List<Integer> deleted = new ArrayList<>();
            for (SubjectVersion version : live) {
                softDelete(version);
                deleted.add(version.version());
            }
            return deleted;
        }
    }

    /** Soft-deletes one live version ({@code latest} allowed) and returns its number. */
    public int deleteVersion(String subject, String versionText) {
        synchronized (writeLock) {
            schemaLog.awaitCaughtUp();
            SubjectVersion version = store.resolve(subject, versionText);
            softDelete(version);
            return version.version();
        }
    }

    /** Sets a level for a subject, or for the registry when the subject is null. */
    public CompatibilityLevel setCompatibility(String subject, CompatibilityLevel level) {
        synchronized (writeLock) {
            schemaLog.awaitApplied(schemaLog.append(LogRecords.Key.config(subject),
                    new LogRecords.ConfigValue(level.name())));
            return level;
        }
    }

    /** Removes a level, so the subject (or the registry) falls back to the default again. */
    public void clearCompatibility(String subject) {
        synchronized (writeLock) {
            schemaLog.awaitApplied(schemaLog.append(LogRecords.Key.config(subject), null));
        }
    }

    /**
     * Why a schema may not follow the subject's versions under {@code level}; against one version
     * only when {@code onlyVersion} is given (the compatibility-test endpoint).
     */
    public List<String> incompatibilities(String subject, StoredSchema schema, CompatibilityLevel level,
                                          SubjectVersion onlyVersion) {
        if (level == CompatibilityLevel.NONE) {
            return List.of();
        }
        List<SubjectVersion> previous = onlyVersion != null ? List.of(onlyVersion) : store.liveVersions(subject);
        List<Schema> parsed = previous.stream()
                .map(v -> AvroSchemas.parse(store.schema(v.id()).orElseThrow(), this::referenced))
                .toList();
        return AvroSchemas.incompatibilities(level, AvroSchemas.parse(schema, this::referenced), parsed);
    }

    /** Validates and canonicalizes a request (42201 when it is not a valid schema). */
    public StoredSchema canonicalize(RegistryApi.SchemaRequest request) {
        return AvroSchemas.canonicalize(request, this::referenced);
    }

    private StoredSchema referenced(RegistryApi.SchemaReference ref) {
        return store.version(ref.subject(), ref.version())
                .flatMap(v -> store.schema(v.id()))
                .orElse(null);
    }

    private void softDelete(SubjectVersion version) {
        StoredSchema schema = store.schema(version.id()).orElseThrow();
        SubjectVersion deleted = new SubjectVersion(version.subject(), version.version(), version.id(), true);
        schemaLog.awaitApplied(schemaLog.append(LogRecords.Key.schema(version.subject(), version.version()),
                LogRecords.SchemaValue.of(deleted, schema)));
    }

    /** Writes a subject version; true when, read back, it is what the store holds. */
    private boolean writeAndConfirm(SubjectVersion version, StoredSchema schema) {
        LogRecords.Key key = LogRecords.Key.schema(version.subject(), version.version());
        schemaLog.awaitApplied(schemaLog.append(key, LogRecords.SchemaValue.of(version, schema)));
        Optional<SubjectVersion> held = store.version(version.subject(), version.version());
        if (held.isPresent() && held.get().id() == version.id()) {
            return true;
        }
        if (held.isPresent()) {
            // Our losing record now shadows the winner under the same key; compaction would keep
            // ours, so write the winner again to make it the last word for that key.
            SubjectVersion winner = held.get();
            schemaLog.awaitApplied(schemaLog.append(key,
                    LogRecords.SchemaValue.of(winner, store.schema(winner.id()).orElseThrow())));
        }
        return false;
    }
}
