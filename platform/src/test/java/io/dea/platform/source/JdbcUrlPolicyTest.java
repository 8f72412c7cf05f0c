package io.dea.platform.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JDBC URLs parsed and judged as strings: nothing is opened here (the ingestion tests open real H2 and DuckDB files). */
class JdbcUrlPolicyTest {

    @TempDir
    Path dir;
    private Path home;
    private PathPolicy paths;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(dir.resolve("dea-home"));
        paths = new PathPolicy(List.of(home));
    }

    private JdbcTarget check(String url) throws SourceRefused {
        return check(url, Map.of(), List.of());
    }

    private JdbcTarget check(String url, Map<String, String> properties, List<String> prefixes) throws SourceRefused {
        return JdbcUrlPolicy.check(SourceSettings.Connection.jdbc(url, "reader", "pw", properties), prefixes, paths, "erp");
    }

    @Test
    void shouldRebuildAnH2FileUrlReadOnlyKeepingAllowedSettings() throws Exception {
        JdbcTarget target = check("jdbc:h2:" + dir.resolve("shop") + ";MODE=PostgreSQL;database_to_lower=TRUE");

        assertThat(target.url()).isEqualTo("jdbc:h2:file:" + dir.resolve("shop")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;IFEXISTS=TRUE;ACCESS_MODE_DATA=r");
        assertThat(target.properties()).containsEntry("user", "reader").containsEntry("password", "pw");
        assertThat(target.toString()).doesNotContain("pw");
    }

    @ParameterizedTest
    @ValueSource(strings = {";INIT=CREATE ALIAS X AS 'String x() { return \"\"; }'\\;CALL X()", ";init=RUNSCRIPT FROM '/tmp/x.sql'",
            ";Init=x", "; INIT =x", ";RUNSCRIPT=x", ";TRACE_LEVEL_FILE=3", ";TRACE_LEVEL_SYSTEM_OUT=3", ";AUTO_SERVER=TRUE",
            ";AUTO_SERVER_PORT=9090", ";ACCESS_MODE_DATA=rw", ";MODE=PostgreSQL\\;INIT=x", ";;INIT=x", ";MODE=a;b", ";MODE='x'",
            ";USER=sa", ";PASSWORD=x", ";CIPHER=AES", ";RECOVER=1", ";OPEN_NEW=TRUE", ";IGNORE_UNKNOWN_SETTINGS=TRUE", ";FORBID_CREATION=FALSE",
            ";MODE=jdbc:h2:mem:x"})
    void shouldRefuseH2SettingsThatRunCodeOrOpenFiles(String settings) {
        assertThatThrownBy(() -> check("jdbc:h2:" + dir.resolve("shop") + settings)).as(settings).isInstanceOf(SourceRefused.class)
                .hasMessageStartingWith("connection erp: ");
    }

    @Test
    void shouldNameTheRefusedSetting() {
        assertThatThrownBy(() -> check("jdbc:h2:" + dir.resolve("shop") + ";init=RUNSCRIPT FROM 'x'"))
                .hasMessageContaining("setting INIT is not allowed");
        assertThatThrownBy(() -> check("jdbc:h2:" + dir.resolve("shop"), Map.of("INIT", "CALL 1"), List.of()))
                .hasMessageContaining("INIT is not allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:h2:~/shop", "jdbc:h2:./shop", "jdbc:h2:shop", "jdbc:h2:zip:/tmp/a.zip!/shop", "jdbc:h2:split:/tmp/shop",
            "jdbc:h2:nio:/tmp/shop", "jdbc:h2:file:/tmp/../tmp//shop", "jdbc:h2:tcp://host/jdbc:h2:mem:x;INIT=x",
            "jdbc:h2:memFS:shop", "jdbc:h2:file:C:/shop", "JDBC:H2:file:/tmp/x;INIT=1"})
    void shouldRefuseOtherH2DatabaseForms(String url) {
        assertThatThrownBy(() -> check(url)).as(url).isInstanceOf(SourceRefused.class);
    }

    @Test
    void shouldRefuseAnH2OrDuckDbFileInsideDeaHome() {
        assertThatThrownBy(() -> check("jdbc:h2:" + home.resolve("shop"))).hasMessageContaining("inside DEA_HOME");
        assertThatThrownBy(() -> check("jdbc:duckdb:" + home.resolve("warehouse.duckdb"))).hasMessageContaining("inside DEA_HOME");
    }

    @Test
    void shouldRefuseADatabaseOutsideTheConnectionsRoots() {
        SourceSettings.Connection c = new SourceSettings.Connection(SourceSettings.Kind.JDBC, List.of(dir.resolve("dbs").toString()),
                "jdbc:duckdb:" + dir.resolve("other.duckdb"), null, null, Map.of(), null, Map.of(), List.of(), false);
        assertThatThrownBy(() -> JdbcUrlPolicy.check(c, List.of(), paths, "erp")).hasMessageContaining("outside the connection's roots");
    }

    @Test
    void shouldOpenDuckDbReadOnlyWithExternalAccessAndExtensionsOff() throws Exception {
        JdbcTarget target = check("jdbc:duckdb:" + dir.resolve("shop.duckdb"));

        assertThat(target.url()).isEqualTo("jdbc:duckdb:" + dir.toRealPath().resolve("shop.duckdb"));
        assertThat(target.properties()).containsEntry("duckdb.read_only", "true").containsEntry("enable_external_access", "false")
                .containsEntry("autoinstall_known_extensions", "false").containsEntry("autoload_known_extensions", "false")
                .containsEntry("allow_community_extensions", "false").containsEntry("lock_configuration", "true")
                .doesNotContainKeys("user", "password");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:duckdb:/tmp/x.duckdb;enable_external_access=true", "jdbc:duckdb:/tmp/x.duckdb?access_mode=read_write",
            "jdbc:duckdb:md:my_db", "jdbc:duckdb:s3://bucket/x.duckdb", "jdbc:duckdb:http://host/x.duckdb", "jdbc:duckdb:x.duckdb",
            "jdbc:duckdb:~/x.duckdb", "jdbc:duckdb:/tmp/a.duckdb&x=1"})
    void shouldRefuseDuckDbSettingsAndOtherDatabases(String url) {
        assertThatThrownBy(() -> check(url)).as(url).isInstanceOf(SourceRefused.class);
    }

    @Test
    void shouldRefuseDuckDbDriverProperties() {
        assertThatThrownBy(() -> check("jdbc:duckdb:", Map.of("enable_external_access", "true"), List.of()))
                .hasMessageContaining("enable_external_access");
    }

    @Test
    void shouldAcceptOtherDriversOnlyWhenTheOperatorListsTheirPrefix() throws Exception {
        assertThatThrownBy(() -> check("jdbc:postgresql://db/shop")).hasMessageContaining("dea.sources.jdbc-driver-prefixes");
        assertThat(check("jdbc:postgresql://db/shop", Map.of("ssl", "true"), List.of("jdbc:postgresql:")).url())
                .isEqualTo("jdbc:postgresql://db/shop");
    }
}
