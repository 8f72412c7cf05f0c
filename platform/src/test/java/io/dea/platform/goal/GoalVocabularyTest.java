package io.dea.platform.goal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.platform.source.FileFormat;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The words a goal uses, defined once for the orchestrator that checks them and the agents that act on them. */
class GoalVocabularyTest {

    @Test
    void shouldAcceptEachAggregateAsTheGoalSpellsItAndRenderItsSql() {
        assertThat(Aggregate.ids()).containsExactly("sum", "count", "count_distinct", "min", "max", "avg");
        assertThat(Aggregate.of("count_distinct")).contains(Aggregate.COUNT_DISTINCT);
        assertThat(Aggregate.of("COUNT")).isEmpty();
        assertThat(Aggregate.of("median")).isEmpty();
        assertThat(Aggregate.of(null)).isEmpty();
        assertThat(Aggregate.COUNT_DISTINCT.sql("o.id")).isEqualTo("count(distinct o.id)");
        assertThat(Aggregate.AVG.sql("p.amount")).isEqualTo("avg(p.amount)");
    }

    @Test
    void shouldCountNothingAsZeroButLeaveMinMaxAndAverageOfNothingNull() {
        assertThat(List.of(Aggregate.values())).filteredOn(Aggregate::zeroWhenEmpty)
                .containsExactly(Aggregate.SUM, Aggregate.COUNT, Aggregate.COUNT_DISTINCT);
        assertThat(List.of(Aggregate.values())).filteredOn(Aggregate::readsNumbers)
                .containsExactly(Aggregate.SUM, Aggregate.AVG);
    }

    @Test
    void shouldSendAGoalWithoutAnEnvironmentToDev() {
        assertThat(Environment.of(null)).isEqualTo("dev");
        assertThat(Environment.of(" ")).isEqualTo("dev");
        assertThat(Environment.of("Staging")).isEqualTo("staging");
        assertThat(Environment.ALL).containsExactly("dev", "staging", "prod");
        assertThat(Environment.isShared("prod")).isTrue();
        assertThat(Environment.isShared("landing")).isFalse();
    }

    @Test
    void shouldReadEachFileFormatWithItsDuckDbReader() {
        assertThat(FileFormat.of(" CSV ")).contains(FileFormat.CSV);
        assertThat(FileFormat.of("jdbc")).isEmpty();
        assertThat(FileFormat.of(null)).isEmpty();
        assertThat(FileFormat.PARQUET.readerSql(List.of(Path.of("/d/a.parquet")))).isEqualTo("read_parquet(['/d/a.parquet'])");
        assertThat(FileFormat.CSV.readerSql(List.of(Path.of("/d/a.csv"), Path.of("/d/b.csv"))))
                .isEqualTo("read_csv_auto(['/d/a.csv', '/d/b.csv'], union_by_name = true, "
                        + "nullstr = ['NA', 'N/A', 'NULL', 'null', 'None', '-', ''], thousands = ',')");
    }

    @Test
    void shouldNameHeadersSoAGoalCanReferToThemAndKeepPlainOnesAsWritten() {
        assertThat(io.dea.platform.source.FileColumns.normalise(List.of("\uFEFFOrder ID", "OrderDate", " Unit Price (EUR) ", "2024 total",
                "order id", "", "status"))).containsExactly("order_id", "OrderDate", "unit_price_eur", "c_2024_total", "order_id_2",
                "c_6", "status");
        assertThat(io.dea.platform.source.FileColumns.normalise(List.of("a b", "a_b"))).containsExactly("a_b_2", "a_b");
    }
}
