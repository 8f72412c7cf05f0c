package io.dea.platform.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcQueryPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"SELECT id, amount * qty AS total FROM orders WHERE qty > 2",
            "select o.id, lower(c.name) from sales.orders o join customers c on c.id = o.customer_id;",
            "WITH t AS (SELECT customer_id, sum(amount) AS s FROM orders GROUP BY customer_id) SELECT * FROM t WHERE s > 10",
            "SELECT CAST(amount AS DECIMAL(10,2)), coalesce(note, ''), date_trunc('month', created_at) FROM orders",
            "SELECT id FROM orders UNION ALL SELECT id FROM old_orders",
            "SELECT count(*), row_number() OVER (ORDER BY id) FROM orders",
            "SELECT CASE WHEN qty > 1 THEN 'many' ELSE 'one' END FROM orders"})
    void shouldAcceptOnePlainSelectWithAllowedFunctions(String query) throws Exception {
        assertThat(JdbcQueryPolicy.query(query)).doesNotEndWith(";");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 1; DROP TABLE orders", "DELETE FROM orders", "INSERT INTO x SELECT * FROM orders",
            "CREATE ALIAS X AS 'String x() { return \"\"; }'", "CALL X()", "COPY (SELECT 42) TO '/tmp/x.csv'",
            "SELECT * FROM read_csv('/etc/passwd')", "SELECT * FROM READ_TEXT('/dea/token')", "SELECT * FROM CSVREAD('/etc/passwd')",
            "SELECT FILE_READ('/etc/passwd')", "SELECT file_read('/etc/passwd') FROM orders", "SELECT id FROM orders WHERE id IN (SELECT length(FILE_READ('/x')))",
            "SELECT * FROM '/etc/passwd'", "SELECT * FROM \"data.csv\"", "SELECT * INTO copy_of_orders FROM orders",
            "SELECT getenv('HOME')", "SELECT LINK_SCHEMA('x', '', 'jdbc:h2:mem:', '', '', 'PUBLIC')",
            "SELECT SESSION_USER(), DISK_SPACE_USED('orders')", "SELECT NEXT VALUE FOR seq", "SELECT lower(x) FROM glob('/*')",
            "ATTACH '/tmp/x.duckdb' AS x", "SELECT * FROM sqlite_scan('/tmp/x.db', 't')", "SELECT sleep(100)", "PRAGMA database_list",
            "SELECT  * FROM orders WHERE 1=1 -- \n; DROP TABLE orders", "SELECT pg_read_file('/etc/passwd')"})
    void shouldRefuseStatementsThatWriteReadFilesOrCallUnlistedFunctions(String query) {
        assertThatThrownBy(() -> JdbcQueryPolicy.query(query)).as(query).isInstanceOf(SourceRefused.class);
    }

    @Test
    void shouldNameTheFunctionItRefuses() {
        assertThatThrownBy(() -> JdbcQueryPolicy.query("SELECT FILE_READ('/etc/passwd') AS x FROM orders"))
                .hasMessageContaining("function FILE_READ is not on the allow-list");
        assertThatThrownBy(() -> JdbcQueryPolicy.query("SELECT * FROM read_text('/x')")).hasMessageContaining("read_text");
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders; DROP TABLE x", "orders o", "\"orders\"", "orders--", "a.b.c.d", "read_csv('/x')", ""})
    void shouldRefuseTableValuesThatAreNotPlainNames(String table) {
        assertThatThrownBy(() -> JdbcQueryPolicy.table(table)).as(table).isInstanceOf(SourceRefused.class);
    }
}
