package io.dea.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.ingestion.SchemaDrift.Column;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The drift rules on their own: which type changes widen, which break. */
class SchemaDriftTest {

    @Test
    void shouldTakeWideningsAsSafe() {
        assertThat(SchemaDrift.widens("INTEGER", "BIGINT")).isTrue();
        assertThat(SchemaDrift.widens("INTEGER", "DOUBLE")).isTrue();
        assertThat(SchemaDrift.widens("BIGINT", "DOUBLE")).isTrue();
        assertThat(SchemaDrift.widens("SMALLINT", "FLOAT")).isTrue();
        assertThat(SchemaDrift.widens("UINTEGER", "BIGINT")).isTrue();
        assertThat(SchemaDrift.widens("FLOAT", "DOUBLE")).isTrue();
        assertThat(SchemaDrift.widens("DECIMAL(10,2)", "DECIMAL(12,2)")).isTrue();
        assertThat(SchemaDrift.widens("DECIMAL(10,2)", "DECIMAL(12,4)")).isTrue();
        assertThat(SchemaDrift.widens("INTEGER", "DECIMAL(12,2)")).isTrue();
        assertThat(SchemaDrift.widens("DATE", "TIMESTAMP")).isTrue();
    }

    @Test
    void shouldTakeNarrowingsAndOtherChangesAsBreaking() {
        assertThat(SchemaDrift.widens("BIGINT", "INTEGER")).isFalse();
        assertThat(SchemaDrift.widens("INTEGER", "FLOAT")).as("a FLOAT cannot hold every INTEGER").isFalse();
        assertThat(SchemaDrift.widens("BIGINT", "UBIGINT")).isFalse();
        assertThat(SchemaDrift.widens("DECIMAL(10,2)", "DECIMAL(10,4)")).as("fewer integer digits").isFalse();
        assertThat(SchemaDrift.widens("INTEGER", "DECIMAL(10,2)")).isFalse();
        assertThat(SchemaDrift.widens("BIGINT", "VARCHAR")).isFalse();
        assertThat(SchemaDrift.widens("TIMESTAMP", "DATE")).isFalse();
    }

    @Test
    void shouldSortEachColumnIntoAddedWidenedDroppedNarrowedOrChanged() {
        SchemaDrift drift = SchemaDrift.between(
                List.of(new Column("id", "INTEGER"), new Column("qty", "INTEGER"), new Column("amount", "DOUBLE"),
                        new Column("note", "VARCHAR"), new Column("code", "BIGINT")),
                List.of(new Column("ID", "BIGINT"), new Column("qty", "SMALLINT"), new Column("amount", "VARCHAR"),
                        new Column("code", "BIGINT"), new Column("channel", "VARCHAR")));

        assertThat(drift.describe()).isEqualTo("added channel VARCHAR; widened id INTEGER -> BIGINT; dropped note; "
                + "narrowed qty INTEGER -> SMALLINT; changed amount DOUBLE -> VARCHAR");
        assertThat(drift.breaking()).isTrue();
        List<Column> table = List.of(new Column("id", "INTEGER"), new Column("qty", "INTEGER"), new Column("amount", "DOUBLE"),
                new Column("note", "VARCHAR"), new Column("code", "BIGINT"));
        assertThat(drift.rebuildSql("landing.t", table, false)).contains("CREATE OR REPLACE TABLE landing.t AS SELECT "
                + "CAST(\"id\" AS BIGINT) AS \"id\", \"qty\", \"amount\", \"note\", \"code\", CAST(NULL AS VARCHAR) AS \"channel\" FROM landing.t");
        assertThat(drift.rebuildSql("landing.t", table, true)).contains("CREATE OR REPLACE TABLE landing.t AS SELECT "
                + "CAST(\"id\" AS BIGINT) AS \"id\", CAST(\"qty\" AS SMALLINT) AS \"qty\", CAST(\"amount\" AS VARCHAR) AS \"amount\", "
                + "\"code\", CAST(NULL AS VARCHAR) AS \"channel\" FROM landing.t");
    }

    @Test
    void shouldSeeNoDriftWhenOnlyCaseOrSpellingDiffers() {
        SchemaDrift drift = SchemaDrift.between(List.of(new Column("Id", "DECIMAL(18, 3)")), List.of(new Column("id", "DECIMAL(18,3)")));

        assertThat(drift.none()).isTrue();
        assertThat(drift.describe()).isEqualTo("no change");
        assertThat(drift.rebuildSql("landing.t", List.of(new Column("Id", "DECIMAL(18, 3)")), true)).isEmpty();
    }
}
