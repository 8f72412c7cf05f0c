package io.dea.platform.codegen;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The allow-list takes what the generators emit and refuses everything else, reading Jinja as Jinja does. */
class JinjaCheckTest {

    private final JinjaCheck check = JinjaCheck.generated();

    @Test
    void takesWhatTheGeneratorsEmit() {
        String mart = """
                {{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=['order_date', 'country'], on_schema_change='fail',
                    partition_by=({'field': 'order_date', 'data_type': 'date', 'granularity': 'day'} if target.type == 'bigquery' else none),
                    cluster_by=(['order_date'] if target.type == 'bigquery' else none)) }}
                -- {# a comment #} and a {{ '{' }}{ brace
                select * from {{ ref('stg_m__orders') }} join {{ source('m_landing', 'orders') }} as o
                where {% if is_incremental() %}x >= (select max(x) from {{ this }}){% else %}true{% endif %}
                {%- raw %}{{ anything }} {% set x = 1 %}{% endraw -%}
                """;
        assertThatCode(() -> check.check("models/m/m.sql", mart)).doesNotThrowAnyException();
        assertThatCode(() -> check.check("profiles.yml", "{{ env_var('DEA_SCHEMA', 'dev') }}")).doesNotThrowAnyException();
    }

    @Test
    void refusesCodeThatIsNotOnTheList() {
        refused("{{ run_query(\"COPY (SELECT 42) TO '/tmp/x.csv'\") if execute is defined and execute else \"ok\" }}", "run_query");
        refused("{% do run_query('x') %}", "statement 'do'");
        refused("{% set x = 1 %}", "statement 'set'");
        refused("{% for x in y %}{% endfor %}", "statement 'for'");
        refused("{% macro m() %}{% endmacro %}", "statement 'macro'");
        refused("{{ this.__class__ }}", "this");
        refused("{{ ref('a').__class__ }}", "operator '.'");
        refused("{{ 'a' | upper }}", "operator '|'");
        refused("{{ ref('a')('b') }}", "a call");
        refused("{{ source['x'] }}", "'source' used other than called");
        refused("{{ ('a')['x'] }}", "subscript");
        refused("{{ var('secret') }}", "var() of a name");
        refused("{{ env_var('DEA_TOKEN') }}", "env_var() of a name");
        refused("{{ adapter.execute('x') }}", "adapter");
        refused("{{ modules.os }}", "modules");
        refused("{{ config(x=log('a')) }}", "log");
        refused("{% if execute %}{% endif %}", "execute");
        refused("{% raw %} never closed", "raw block that never ends");
        refused("{# never closed", "comment that never ends");
        refused("{{ 'never closed }}", "string that never ends");
        refused("{{ ref('x') ", "never ends");
    }

    @Test
    void aClosingDelimiterInsideAStringOrBracketsDoesNotEndTheTag() {
        // Jinja reads "}}" inside a string or an open dict as part of the expression, so must the checker.
        refused("{{ ref('}}') ~ run_query('x') }}", "operator '~'");
        refused("{{ {'a': 1}} + run_query('x') }}", "operator '+'");
        refused("{{ ref(\"a\\\" }}\") or run_query('x') }}", "run_query");
    }

    @Test
    void errorsNameTheFileLineAndConstructButNotTheText() {
        assertThatThrownBy(() -> check.check("models/m/x.sql", "select 1\n-- secret-data\n{{ run_query('secret-data') }}"))
                .hasMessageStartingWith("models/m/x.sql line 3: the name 'run_query'")
                .hasMessageNotContaining("secret-data");
    }

    @Test
    void dbtFilesChecksYamlStringsAndRefusesPythonModels() {
        assertThatThrownBy(() -> DbtFiles.check("models/m/sources.yml",
                "sources:\n  - name: s\n    tables:\n      - name: t\n        meta: {accepted_values: [\"{{ run_query('x') }}\"]}\n"))
                .hasMessageContaining("models/m/sources.yml").hasMessageContaining("run_query");
        assertThatThrownBy(() -> DbtFiles.check("models/m/evil.py", "def model(dbt, s): pass"))
                .hasMessageContaining("a Python model");
        assertThatThrownBy(() -> DbtFiles.check("models/m/x.yml", "a: [unclosed")).hasMessageContaining("does not parse");
        assertThatCode(() -> DbtFiles.check("connectors/orders.yml", "location: '{{ not dbt }}'")).doesNotThrowAnyException();
        assertThatCode(() -> DbtFiles.check("dags/m.py", "x = 1")).doesNotThrowAnyException();
    }

    private void refused(String template, String construct) {
        assertThatThrownBy(() -> check.check("models/m/x.sql", template)).as(template)
                .isInstanceOf(JinjaCheck.RefusedJinja.class)
                .hasMessageContaining(construct);
    }
}
