package io.dea.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How kustomize is obtained: built with Go, and a clear failure (never a skip) without it. */
class KustomizeTest {

    @Test
    void theBuiltBinaryReportsThePinnedVersion() throws Exception {
        Path exe = Kustomize.binary();
        assertThat(exe).isExecutable();
        Process p = new ProcessBuilder(exe.toString(), "version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isZero();
        assertThat(out.trim()).isEqualTo(Kustomize.version());
    }

    @Test
    void withoutGoItFailsSayingWhatToInstall(@TempDir Path empty) {
        assertThatThrownBy(() -> Kustomize.findGo("", Map.of("PATH", empty.toString()), List.of(empty)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no `go` was found")
                .hasMessageContaining("go install " + Kustomize.MODULE + "@" + Kustomize.version())
                .hasMessageContaining("Install Go >= 1.22.7");
        assertThatThrownBy(() -> Kustomize.findGo(empty.resolve("go").toString(), Map.of(), List.of()))
                .hasMessageContaining("is not an executable file");
    }

    @Test
    void goIsFoundOnThePath(@TempDir Path dir) throws Exception {
        Path go = Files.createFile(dir.resolve("go"));
        assertThat(go.toFile().setExecutable(true)).isTrue();
        assertThat(Kustomize.findGo("", Map.of("PATH", dir.toString()), List.of())).isEqualTo(go.toString());
    }

    @Test
    void aBrokenKustomizationFailsWithKustomizesMessage(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: [missing.yaml]\n");
        assertThatThrownBy(() -> Kustomize.build(dir)).hasMessageContaining("missing.yaml");
    }
}
