package io.dea.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The container images as the Maven build makes them ({@code ./mvnw -Pimages package}, Jib, no Docker
 * daemon), for every deployable service. No registry is reachable here, so the base images are
 * stand-ins written by the test as image tarballs ({@code -Dimage.base=tar://...}): what is checked is
 * what this project puts on top of a base: the non-root user, the JVM sized by the container, the
 * main class, DEA_HOME, and which base each service starts from. Running the images needs a container
 * runtime, which this machine does not have.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImagesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> DBT_AGENTS = List.of("transform-service", "quality-service", "governance-service");

    private Path jreBase;
    private Path agentBase;

    @BeforeAll
    void buildEveryImage() throws Exception {
        Path dir = Files.createTempDirectory("dea-images");
        jreBase = baseImage(dir.resolve("jre-base.tar"), "jre");
        agentBase = baseImage(dir.resolve("agent-base.tar"), "agent");
        Path root = Repo.root();
        List<String> command = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-B", "-q", "-Pimages", "package",
                "-DskipTests", "-Dimage.base=tar://" + jreBase, "-Dimage.agent-base=tar://" + agentBase,
                "-pl", String.join(",", Repo.services())));
        Path log = dir.resolve("mvn.log");
        Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(15, TimeUnit.MINUTES)).as("the image build finished in 15 minutes").isTrue();
        assertThat(process.exitValue()).as("./mvnw -Pimages package failed:\n%s", tail(log)).isZero();
    }

    @Test
    void everyServiceHasANonRootImageWithAContainerSizedJvm() throws Exception {
        for (String service : Repo.services()) {
            Image image = Image.read(Repo.root().resolve(service).resolve("target/jib-image.tar"));
            JsonNode config = image.config().path("config");
            assertThat(config.path("User").asString()).as(service + " user").isEqualTo("10001:10001");
            List<String> entrypoint = strings(config.path("Entrypoint"));
            assertThat(entrypoint).as(service + " entrypoint").startsWith("java")
                    .contains("-XX:MaxRAMPercentage=75.0", "-XX:+ExitOnOutOfMemoryError")
                    .last().asString().matches("io\\.dea\\.[a-z]+\\.[A-Za-z]+Application");
            assertThat(strings(config.path("Env"))).as(service + " env").contains("DEA_HOME=/var/lib/dea");
            assertThat(config.path("Volumes").has("/var/lib/dea")).as(service + " DEA_HOME volume").isTrue();
            assertThat(image.repoTag()).as(service + " tag, as k8s/ and docker-compose.yml name it").isEqualTo("dea/" + service + ":0.1.0");
            assertThat(image.layerCount()).as(service + ": base, dependencies, resources, classes").isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void theSchemaRegistrationJobStartsItsMainClassOnTheOrchestratorImagesClasspath() throws Exception {
        Image orchestrator = Image.read(Repo.root().resolve("orchestrator-service/target/jib-image.tar"));
        List<String> entrypoint = strings(orchestrator.config().path("config").path("Entrypoint"));
        String job = Files.readString(Repo.k8s().resolve("base/schema-registration-job.yaml"));
        assertThat(job).contains("image: dea/orchestrator-service:0.1.0", "io.dea.platform.avro.SchemaRegistration");
        int cp = entrypoint.indexOf("-cp");
        assertThat(cp).as("the image starts java with an explicit classpath").isGreaterThan(0);
        assertThat(job).as("the Job uses the image's classpath").contains("\"-cp\", \"" + entrypoint.get(cp + 1) + "\"");
    }

    @Test
    void theAgentsThatRunDbtStartFromTheAgentBaseAndTheRestFromTheJre() throws Exception {
        String jre = firstDiffId(jreBase);
        String agent = firstDiffId(agentBase);
        for (String service : Repo.services()) {
            Image image = Image.read(Repo.root().resolve(service).resolve("target/jib-image.tar"));
            String base = image.config().path("rootfs").path("diff_ids").get(0).asString();
            assertThat(base).as(service + "'s base layer").isEqualTo(DBT_AGENTS.contains(service) ? agent : jre);
        }
    }

    /** A one-layer image tarball in {@code docker save} form: enough for Jib to build on. */
    private static Path baseImage(Path tar, String marker) throws Exception {
        byte[] layer = tarOf(Map.of("etc/dea-base", marker.getBytes(StandardCharsets.UTF_8)));
        String diffId = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(layer));
        String config = JSON.writeValueAsString(Map.of(
                "architecture", "amd64", "os", "linux",
                "config", Map.of("Env", List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")),
                "rootfs", Map.of("type", "layers", "diff_ids", List.of(diffId))));
        String manifest = JSON.writeValueAsString(List.of(Map.of("Config", "config.json",
                "RepoTags", List.of("stand-in/" + marker + ":test"), "Layers", List.of("layer.tar"))));
        Map<String, byte[]> files = new HashMap<>();
        files.put("layer.tar", layer);
        files.put("config.json", config.getBytes(StandardCharsets.UTF_8));
        files.put("manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
        Files.write(tar, tarOf(files));
        return tar;
    }

    private static String firstDiffId(Path baseTar) throws IOException {
        return JSON.readTree(Image.entries(baseTar).get("config.json")).path("rootfs").path("diff_ids").get(0).asString();
    }

    private static byte[] tarOf(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            for (var file : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(file.getValue().length);
                out.putArchiveEntry(entry);
                out.write(file.getValue());
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** An image tarball as Jib's buildTar writes it: manifest.json, the config blob, the layers. */
    private record Image(JsonNode manifest, JsonNode config) {

        static Image read(Path tar) throws IOException {
            assertThat(tar).as("the image tarball").exists();
            Map<String, byte[]> entries = entries(tar);
            JsonNode manifest = JSON.readTree(entries.get("manifest.json")).get(0);
            JsonNode config = JSON.readTree(entries.get(manifest.path("Config").asString()));
            return new Image(manifest, config);
        }

        static Map<String, byte[]> entries(Path tar) throws IOException {
            Map<String, byte[]> entries = new HashMap<>();
            try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream archive = new TarArchiveInputStream(in)) {
                TarArchiveEntry entry;
                while ((entry = archive.getNextEntry()) != null) {
                    if (entry.isFile() && (entry.getName().endsWith(".json"))) {
                        entries.put(entry.getName(), archive.readAllBytes());
                    }
                }
            }
            return entries;
        }

        String repoTag() {
            return manifest.path("RepoTags").get(0).asString();
        }

        int layerCount() {
            return manifest.path("Layers").size();
        }
    }
}
