package io.dea.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.platform.source.SourceSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rule that compose and every overlay are held to (OverlaysTest, DockerComposeTest) catches the
 * deployments that would leave goals unable to read any file, or able to read too much.
 */
class SourceDefaultsTest {

    private static final String HOME = "/var/lib/dea";
    private static final Map<String, Boolean> MOUNTS = Map.of(HOME, false, SourceDefaults.ROOT, true);

    private static Map<String, String> good() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DEA_HOME", HOME);
        env.put("DEA_CONNECTIONS_SOURCES_KIND", "files");
        env.put("DEA_CONNECTIONS_SOURCES_ROOTS_0_", SourceDefaults.ROOT);
        env.put("DEA_SOURCE_DIR", SourceDefaults.ROOT);
        env.put("DEA_READABLE_DIRECTORIES", SourceDefaults.ROOT + "," + HOME + "/work");
        return env;
    }

    private static List<String> violations(Map<String, String> env, Map<String, Boolean> mounts) {
        return SourceDefaults.violations("", Repo.INGESTION, env, HOME, mounts);
    }

    @Test
    void theServicesBindTheConnectionFromEnvironmentVariablesWithRawLocationsOffByDefault() {
        SourceDefaults.Bound bound = SourceDefaults.bind(Repo.INGESTION, good());

        assertThat(bound.settings().connections().get("sources"))
                .isEqualTo(SourceSettings.Connection.files(List.of(SourceDefaults.ROOT)));
        assertThat(bound.settings().sources().rawLocations()).isEqualTo(SourceSettings.RawLocations.NONE);
        assertThat(bound.readable()).containsExactly(SourceDefaults.ROOT, HOME + "/work");
        assertThat(violations(good(), MOUNTS)).isEmpty();
    }

    @Test
    void furtherConnectionsAreEnvironmentVariablesAsK8sReadmeShowsThem() {
        Map<String, String> env = good();
        env.put("DEA_CONNECTIONS_ERP_KIND", "jdbc");
        env.put("DEA_CONNECTIONS_ERP_URL", "jdbc:h2:tcp://erp-db:9092/erp");
        env.put("DEA_CONNECTIONS_ERP_PASSWORD", "pw");
        env.put("DEA_CONNECTIONS_SHOP_KIND", "http");
        env.put("DEA_CONNECTIONS_SHOP_BASE_URL", "https://api.shop.example/v1");
        env.put("DEA_CONNECTIONS_SHOP_HEADERS_AUTHORIZATION", "Bearer t");

        Map<String, SourceSettings.Connection> connections = SourceDefaults.bind(Repo.ORCHESTRATOR, env).settings().connections();

        assertThat(connections.get("erp")).isEqualTo(SourceSettings.Connection.jdbc("jdbc:h2:tcp://erp-db:9092/erp", null, "pw", Map.of()));
        assertThat(connections.get("shop").baseUrl()).isEqualTo("https://api.shop.example/v1");
        assertThat(connections.get("shop").headers()).containsExactly(Map.entry("authorization", "Bearer t"));
        assertThat(violations(env, MOUNTS)).isEmpty();
    }

    @Test
    void theOldLayoutWithSourcesUnderDeaHomeIsCaught() {
        Map<String, String> env = good();
        env.put("DEA_CONNECTIONS_SOURCES_ROOTS_0_", HOME + "/sources");
        env.put("DEA_SOURCE_DIR", HOME + "/sources");

        assertThat(violations(env, MOUNTS)).anySatisfy(v -> assertThat(v).contains("files root /var/lib/dea/sources", "apart from DEA_HOME"))
                .anySatisfy(v -> assertThat(v).contains("DEA_SOURCE_DIR /var/lib/dea/sources"));
    }

    @Test
    void aMissingOrMisspeltConnectionRawFilesAWritableMountAndAWideWarehouseAreCaught() {
        Map<String, String> misspelt = good();
        misspelt.remove("DEA_CONNECTIONS_SOURCES_ROOTS_0_");
        misspelt.put("DEA_CONNECTIONS_SOURCES_ROOT", SourceDefaults.ROOT);
        assertThat(violations(misspelt, MOUNTS)).anySatisfy(v -> assertThat(v).contains("no files connection 'sources'"));

        Map<String, String> raw = good();
        raw.put("DEA_RAW_LOCATIONS", "files");
        assertThat(violations(raw, MOUNTS)).singleElement().satisfies(v -> assertThat(v).contains("raw locations must stay off"));

        assertThat(violations(good(), Map.of(HOME, false, SourceDefaults.ROOT, false)))
                .singleElement().satisfies(v -> assertThat(v).contains("not on a read-only mount"));

        Map<String, String> wide = good();
        wide.put("DEA_READABLE_DIRECTORIES", "/");
        assertThat(violations(wide, MOUNTS)).anySatisfy(v -> assertThat(v).contains("DEA_READABLE_DIRECTORIES [/]"))
                .anySatisfy(v -> assertThat(v).contains("lets the warehouse read /,"));

        Map<String, String> unset = good();
        unset.remove("DEA_READABLE_DIRECTORIES"); // deployments name the directories rather than leave them to the service
        assertThat(violations(unset, MOUNTS)).anySatisfy(v -> assertThat(v).contains("DEA_READABLE_DIRECTORIES [] must list"));
    }
}
