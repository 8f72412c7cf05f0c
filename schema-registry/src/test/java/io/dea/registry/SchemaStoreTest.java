package io.dea.registry;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule that makes instances converge, without Kafka: records apply in log order and the first
 * record to claim an id, a schema or a subject version wins.
 */
class SchemaStoreTest {

    private final SchemaStore store = new SchemaStore();

    private static LogRecords.SchemaValue record(String subject, int version, int id, String text, boolean deleted) {
        return new LogRecords.SchemaValue(subject, version, id, "AVRO", text, List.of(), deleted);
    }

    @Test
    void shouldIgnoreALaterRecordThatGivesATakenIdToAnotherSchema() {
        assertThat(store.applySchema(record("a", 1, 1, "\"string\"", false))).isTrue();

        boolean applied = store.applySchema(record("b", 1, 1, "\"int\"", false));

        assertThat(applied).isFalse();
        assertThat(store.schema(1).orElseThrow().schema()).isEqualTo("\"string\"");
        assertThat(store.subjects(true)).containsExactly("a");
    }

    @Test
    void shouldIgnoreALaterRecordThatGivesAKnownSchemaANewId() {
        store.applySchema(record("a", 1, 1, "\"string\"", false));

        assertThat(store.applySchema(record("b", 1, 2, "\"string\"", false))).isFalse();
        assertThat(store.maxId()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreALaterRecordForATakenSubjectVersion() {
        store.applySchema(record("a", 1, 1, "\"string\"", false));

        assertThat(store.applySchema(record("a", 1, 2, "\"int\"", false))).isFalse();
        assertThat(store.resolve("a", "latest").id()).isEqualTo(1);
    }

    @Test
    void shouldHideASoftDeletedVersionButKeepItsIdAndNumber() {
        store.applySchema(record("a", 1, 1, "\"string\"", false));

        assertThat(store.applySchema(record("a", 1, 1, "\"string\"", true))).isTrue();

        assertThat(store.liveVersions("a")).isEmpty();
        assertThat(store.schema(1)).isPresent();
        assertThat(store.maxVersion("a")).isEqualTo(1);
        assertThat(store.subjects(false)).isEmpty();
    }

    @Test
    void shouldFallBackFromSubjectToRegistryToDefaultCompatibility() {
        assertThat(store.effectiveCompatibility("a")).isEqualTo(CompatibilityLevel.BACKWARD);
        store.applyConfig(null, CompatibilityLevel.FULL);
        assertThat(store.effectiveCompatibility("a")).isEqualTo(CompatibilityLevel.FULL);
        store.applyConfig("a", CompatibilityLevel.NONE);
        assertThat(store.effectiveCompatibility("a")).isEqualTo(CompatibilityLevel.NONE);
        store.applyConfig("a", null);
        assertThat(store.effectiveCompatibility("a")).isEqualTo(CompatibilityLevel.FULL);
    }

    @Test
    void shouldWakeWaitersOnlyOnceThePositionIsReached() throws InterruptedException {
        store.advanceTo(3);

        assertThat(store.awaitPosition(3, Duration.ZERO)).isTrue();
        assertThat(store.awaitPosition(4, Duration.ofMillis(20))).isFalse();
    }
}
