package io.dea.platform.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.platform.warehouse.DuckDbWarehouse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Each escaping function holds hostile values as exactly that text: DuckDB, YAML, Jinja and Python agree. */
class EscapingTest {

    static final List<String> HOSTILE = List.of(
            "{{ run_query(\"COPY (SELECT 42) TO '/tmp/x.csv'\") if execute is defined and execute else \"ok\" }}",
            "{% do run_query('select 1') %}",
            "{# comment #}",
            "{{{ '{' }}}",
            "O'Brien \"quoted\"",
            "line\nbreak\r\nand\ttab",
            "&anchor", "*alias", "!!python/object:os.system", "yes", "null", "- item", "key: value", "# not a comment",
            "back\\slash\\'",
            "ünïcödé ✓ 日本 😀 \u2028 sep",
            "'; DROP TABLE x; --",
            "");

    @Test
    void duckDbReadsEverySqlLiteralAndIdentifierBackAsTheValue(@TempDir Path dir) {
        DuckDbWarehouse warehouse = new DuckDbWarehouse(dir.resolve("w.duckdb"));
        for (String value : HOSTILE) {
            if (value.isEmpty()) {
                continue; // an empty identifier is not a column
            }
            var result = warehouse.query("SELECT " + Sql.literal(value) + " AS " + Sql.identifier(value));
            assertThat(result.columns()).containsExactly(value);
            assertThat(result.rows().get(0).get(0)).isEqualTo(value);
        }
    }

    @Test
    void jinjaInertTextHasNoDelimiterButTheEscapeAndRestoresExactly() {
        for (String value : HOSTILE) {
            String inert = Jinja.inert(value);
            assertThat(inert.replace(Jinja.BRACE, "")).as(value).doesNotContain("{{", "{%", "{#");
            assertThat(Jinja.restore(inert)).isEqualTo(value);
            JinjaCheck.generated().check("models/x.sql", inert); // the checker takes what the escape emits
        }
    }

    @Test
    void dbtSqlCommentStaysOnOneLine() {
        assertThat(DbtSql.comment("a\nselect 1\r\n-- b\u2028c")).doesNotContain("\n", "\r", "\u2028");
    }

    @Test
    void yamlHoldsEveryValueAndDbtYamlRestoresIt() {
        YAMLMapper yaml = YAMLMapper.builder().build();
        for (String value : HOSTILE) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put(value.isEmpty() ? "k" : value, List.of(value));
            Object read = yaml.readValue(Yaml.write(doc), Object.class);
            assertThat(read).as(value).isEqualTo(doc);
            assertThat(Yaml.scalar(value)).doesNotContain("\n");
            assertThat(yaml.readValue(Yaml.scalar(value), String.class)).isEqualTo(value);

            String dbt = Yaml.dbt(doc);
            DbtFiles.check("models/m/sources.yml", dbt);
            assertThat(Yaml.readDbt(dbt).toString()).isEqualTo(yaml.valueToTree(doc).toString());
        }
    }

    @Test
    void pythonLiteralIsAsciiOnOneLine() {
        for (String value : HOSTILE) {
            String literal = Python.literal(value);
            assertThat(literal).matches("\"[\\x20-\\x7e]*\"");
            assertThat(literal.substring(1, literal.length() - 1).replace("\\\\", "").replace("\\\"", "")).doesNotContain("\"");
        }
        assertThat(Python.literal("a\"b\\c\n😀")).isEqualTo("\"a\\\"b\\\\c\\n\\U0001f600\"");
    }
}
