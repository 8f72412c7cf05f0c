package io.dea.platform.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dea.events.v1.SourceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real directories, files and symlinks in a temp dir: what a file source may name. */
class PathPolicyTest {

    private static final String TOKEN = "approver-token-5f0c2e";

    @TempDir
    Path dir;
    private Path home;
    private Path root;
    private SourcePolicy raw;
    private SourcePolicy connected;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(dir.resolve("dea-home"));
        Files.writeString(home.resolve("token"), TOKEN + "\n");
        root = Files.createDirectories(dir.resolve("shop"));
        Files.writeString(root.resolve("orders.csv"), "id\n1\n");
        Files.createDirectories(root.resolve("2024"));
        Files.writeString(root.resolve("2024/a.csv"), "id\n1\n");
        Files.writeString(dir.resolve("outside.csv"), "id\n1\n");
        PathPolicy paths = new PathPolicy(List.of(home));
        raw = new SourcePolicy(SourceSettings.of(Map.of(), SourceSettings.RawLocations.FILES), paths, h -> null);
        connected = new SourcePolicy(SourceSettings.of(Map.of("shop", SourceSettings.Connection.files(List.of(root.toString()))),
                SourceSettings.RawLocations.NONE), paths, h -> null);
    }

    private static SourceSpec source(String location, String connection) {
        return SourceSpec.newBuilder().setName("orders").setFormat("csv").setLocation(location).setConnection(connection).build();
    }

    @Test
    void shouldResolveAPathInsideTheConnectionsRoots() throws Exception {
        assertThat(connected.files(source("orders.csv", "shop"), dir).files()).containsExactly(root.toRealPath().resolve("orders.csv"));
        assertThat(connected.files(source(root.resolve("orders.csv").toString(), "shop"), dir).files()).hasSize(1);
        assertThat(connected.files(source("2024/*.csv", "shop"), dir).files()).containsExactly(root.toRealPath().resolve("2024/a.csv"));
    }

    @Test
    void shouldRefuseDotDotOutOfTheRoots() {
        assertThatThrownBy(() -> connected.files(source("../outside.csv", "shop"), dir)).hasMessageContaining("outside the connection's roots");
        assertThatThrownBy(() -> connected.files(source("2024/../../outside.csv", "shop"), dir)).isInstanceOf(SourceRefused.class);
        assertThatThrownBy(() -> connected.files(source(dir.resolve("outside.csv").toString(), "shop"), dir)).isInstanceOf(SourceRefused.class);
        assertThatThrownBy(() -> connected.files(source("../*.csv", "shop"), dir)).isInstanceOf(SourceRefused.class);
    }

    @Test
    void shouldRefuseASymlinkInsideTheRootThatLeadsOut() throws Exception {
        Files.createSymbolicLink(root.resolve("escape.csv"), dir.resolve("outside.csv"));
        Files.createSymbolicLink(root.resolve("homelink"), home);
        Files.createSymbolicLink(root.resolve("2024/token.csv"), home.resolve("token"));

        assertThatThrownBy(() -> connected.files(source("escape.csv", "shop"), dir)).hasMessageContaining("outside the connection's roots");
        assertThatThrownBy(() -> connected.files(source("homelink/token", "shop"), dir)).hasMessageContaining("inside DEA_HOME");
        assertThatThrownBy(() -> connected.files(source("2024/*.csv", "shop"), dir)).hasMessageContaining("a file it matches")
                .hasMessageContaining("inside DEA_HOME");
    }

    @Test
    void shouldRefuseDeaHomeForRawLocationsAndNeverQuoteTheFile() throws Exception {
        Files.createSymbolicLink(dir.resolve("innocent.csv"), home.resolve("token"));
        for (String location : List.of(home.resolve("token").toString(), home + "/../dea-home/token", dir + "/innocent.csv",
                home + "/*", dir + "/dea-home/./token", home.toString())) {
            assertThatThrownBy(() -> raw.files(source(location, null), dir)).as(location).isInstanceOf(SourceRefused.class)
                    .hasMessageContaining("inside DEA_HOME").hasMessageNotContaining(TOKEN);
        }
        assertThat(raw.refusals(source(home.resolve("token").toString(), null), dir)).singleElement()
                .satisfies(reason -> assertThat(reason).doesNotContain(TOKEN));
    }

    @Test
    void shouldAllowRawFilesAnywhereElseOnlyWhenTheOperatorDoes() throws Exception {
        assertThat(raw.files(source("outside.csv", null), dir).files()).containsExactly(dir.toRealPath().resolve("outside.csv"));
        assertThatThrownBy(() -> connected.files(source("outside.csv", null), dir)).hasMessageContaining("raw locations are not allowed")
                .hasMessageContaining("[shop]");
    }

    @Test
    void shouldIdentifyAFileByItsRealPathHoweverItIsSpelled() throws Exception {
        Files.createSymbolicLink(dir.resolve("shop-link"), root);
        String id = raw.identity(source(root.resolve("orders.csv").toString(), null), dir);

        assertThat(raw.identity(source("shop/../shop/orders.csv", null), dir)).isEqualTo(id);
        assertThat(raw.identity(source("shop-link/orders.csv", null), dir)).isEqualTo(id);
        assertThat(connected.identity(source("orders.csv", "shop"), dir)).isEqualTo(id);
        assertThat(raw.identity(source("outside.csv", null), dir)).isNotEqualTo(id);
    }

    @Test
    void shouldRefuseTheSystemDirectories() {
        assertThatThrownBy(() -> SourcePolicy.rawFiles().files(source("/etc/passwd", null), dir)).isInstanceOf(SourceRefused.class);
        assertThatThrownBy(() -> SourcePolicy.rawFiles().files(source("/proc/self/environ", null), dir)).isInstanceOf(SourceRefused.class);
    }
}
