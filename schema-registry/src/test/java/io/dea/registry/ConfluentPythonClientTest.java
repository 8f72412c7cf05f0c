package io.dea.registry;

import io.dea.platform.testing.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Confluent's own Python client ({@code confluent-kafka}) against the registry: proof, by code
 * nobody here wrote, that the registry speaks Confluent's API and wire format.
 *
 * <p>The interpreter comes from {@code DEA_PYTHON} (a system property or the environment), a Python
 * with confluent-kafka, fastavro, authlib, httpx and cachetools installed. Without it the test
 * fails rather than skips: a skipped compatibility check would read as a passing one.
 */
class ConfluentPythonClientTest {

    private static final Path SCRIPT = Path.of("src/test/python/registry_client_check.py");

    private static ConfigurableApplicationContext registry;

    @BeforeAll
    static void startRegistry() {
        registry = SchemaRegistryApplication.start(TestKafka.shared().bootstrapServers(), 0,
                RegistryHttp.properties("python-test._schemas"));
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void shouldRegisterFetchCheckAndSerializeThroughConfluentsPythonClient() throws Exception {
        JsonNode seen = runScript(RegistryHttp.urlOf(registry), "python-check");

        int id = seen.get("registered_id").asInt();
        assertThat(id).isPositive();
        assertThat(seen.get("fetched_schema").get("name").asString()).isEqualTo("Order");
        assertThat(seen.get("fetched_schema_type").asString()).isEqualTo("AVRO");
        assertThat(seen.get("latest").toString())
                .isEqualTo("{\"id\":" + id + ",\"subject\":\"python-check-value\",\"version\":1}");
        assertThat(seen.get("lookup").toString()).isEqualTo("{\"id\":" + id + ",\"version\":1}");
        assertThat(seen.get("compatible_v2").asBoolean()).isTrue();
        assertThat(seen.get("compatible_breaking").asBoolean()).isFalse();
        assertThat(seen.get("register_breaking").toString()).isEqualTo("{\"error_code\":409,\"http_status\":409}");
        assertThat(seen.get("missing_id").toString()).isEqualTo("{\"error_code\":40403,\"http_status\":404}");
        assertThat(seen.get("global_compatibility").asString()).isEqualTo("BACKWARD");
        assertThat(seen.get("anonymous_register").toString()).as("registering without credentials")
                .isEqualTo("{\"error_code\":40101,\"http_status\":401}");
        assertThat(seen.get("wire_magic_byte").asInt()).isZero();
        assertThat(seen.get("wire_schema_id").asInt()).isEqualTo(id + 1);
        assertThat(seen.get("round_trip").toString()).isEqualTo("{\"amount\":12.5,\"currency\":\"USD\",\"id\":\"o-1\"}");
        assertThat(seen.get("versions").toString()).isEqualTo("[1,2]");
        assertThat(seen.get("subjects").toString()).isEqualTo("[\"python-check-value\"]");
    }

    private static JsonNode runScript(String url, String topic) throws IOException, InterruptedException {
        String python = dePython();
        Path stderr = Files.createTempFile("registry-client-check", ".stderr");
        Process process = new ProcessBuilder(List.of(python, SCRIPT.toString(), url, topic, RegistryHttp.WRITER_INFO))
                .redirectError(stderr.toFile())
                .start();
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("The Python client check did not finish within 120 s");
        }
        String errors = Files.readString(stderr);
        Files.deleteIfExists(stderr);
        if (process.exitValue() != 0) {
            fail("The Python client check exited with " + process.exitValue() + ":\n" + errors + stdout);
        }
        String[] lines = stdout.strip().split("\n");
        return RegistryHttp.JSON.readTree(lines[lines.length - 1]);
    }

    /** The Python to run, from -DDEA_PYTHON or the DEA_PYTHON environment variable. */
    private static String dePython() {
        String python = System.getProperty("DEA_PYTHON");
        if (python == null || python.isBlank()) {
            python = System.getenv("DEA_PYTHON");
        }
        if (python == null || python.isBlank()) {
            fail("DEA_PYTHON is not set. Point it at a Python 3 that has confluent-kafka, fastavro, authlib, "
                    + "httpx and cachetools installed (e.g. DEA_PYTHON=/path/to/venv/bin/python), "
                    + "as a -DDEA_PYTHON=... Maven property or an environment variable.");
        }
        if (!Files.isExecutable(Path.of(python))) {
            fail("DEA_PYTHON=" + python + " is not an executable file");
        }
        return python;
    }
}
