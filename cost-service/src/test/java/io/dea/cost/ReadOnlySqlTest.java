package io.dea.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReadOnlySqlTest {

    @Test
    void shouldAcceptOneQueryAndDropItsTrailingSemicolon() {
        assertThat(ReadOnlySql.require("-- mart\nwith a as (select 1) select * from a;\n")).isEqualTo("-- mart\nwith a as (select 1) select * from a");
        assertThat(ReadOnlySql.require("select ';' as s, \"a;b\" from t /* ; */")).startsWith("select");
        assertThat(ReadOnlySql.require("FROM landing.orders")).isEqualTo("FROM landing.orders");
    }

    @Test
    void shouldRefuseAnythingButOneQuery() {
        assertThatThrownBy(() -> ReadOnlySql.require("select 1; drop table landing.orders"))
                .hasMessageContaining("more than one statement");
        assertThatThrownBy(() -> ReadOnlySql.require("drop table landing.orders")).hasMessageContaining("starts with 'drop'");
        assertThatThrownBy(() -> ReadOnlySql.require("explain analyze select 1")).hasMessageContaining("starts with 'explain'");
        assertThatThrownBy(() -> ReadOnlySql.require("select 'unclosed")).hasMessageContaining("never closed");
    }
}
