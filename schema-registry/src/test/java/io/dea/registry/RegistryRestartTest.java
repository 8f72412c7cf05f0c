package io.dea.registry;

import io.dea.platform.testing.TestKafka;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The topic is the registry's only state: a new instance rebuilds it, and instances sharing a
 * topic agree on it.
 */
class RegistryRestartTest {

    private static String schema(String name) {
        return "{\"type\":\"record\",\"name\":\"" + name + "\",\"namespace\":\"io.dea.test\","
                + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";
    }

    private static ConfigurableApplicationContext startOn(String topic) {
        return SchemaRegistryApplication.start(TestKafka.shared().bootstrapServers(), 0, RegistryHttp.properties(topic));
    }

    @Test
    void shouldServeTheSameIdsAfterARestartAndContinueTheIdSequence() {
        String topic = "restart-test._schemas";
        int first;
        int second;
        try (ConfigurableApplicationContext before = startOn(topic)) {
            RegistryHttp http = RegistryHttp.of(before);
            first = http.post("/subjects/a-value/versions", RegistryHttp.schemaBody(schema("A"))).id();
            second = http.post("/subjects/b-value/versions", RegistryHttp.schemaBody(schema("B"))).id();
            http.post("/subjects/a-value/versions", RegistryHttp.schemaBody(schema("B")));
            http.put("/config/b-value", "{\"compatibility\":\"NONE\"}");
            http.delete("/subjects/a-value/versions/2");
        }

        try (ConfigurableApplicationContext after = startOn(topic)) {
            RegistryHttp http = RegistryHttp.of(after);

            assertThat(http.get("/schemas/ids/" + first).json().get("schema").asString()).contains("\"A\"");
            assertThat(http.get("/schemas/ids/" + second).json().get("schema").asString()).contains("\"B\"");
            assertThat(http.get("/subjects/b-value/versions/latest").json().get("id").asInt()).isEqualTo(second);
            assertThat(http.get("/subjects/a-value/versions").body()).as("the soft delete survives").isEqualTo("[1]");
            assertThat(http.get("/config/b-value").json().get("compatibilityLevel").asString()).isEqualTo("NONE");
            assertThat(http.post("/subjects/a-value/versions", RegistryHttp.schemaBody(schema("A"))).id())
                    .as("registering a known schema again").isEqualTo(first);
            int third = http.post("/subjects/c-value/versions", RegistryHttp.schemaBody(schema("C"))).id();
            assertThat(third).isEqualTo(Math.max(first, second) + 1);
            assertThat(http.get("/subjects/a-value/versions/3").status())
                    .as("version numbers are not reused after a soft delete").isEqualTo(404);
        }
    }

    @Test
    void shouldLetTwoInstancesOnOneTopicAgreeOnIdsAndSeeEachOthersWrites() {
        String topic = "converge-test._schemas";
        try (ConfigurableApplicationContext one = startOn(topic); ConfigurableApplicationContext two = startOn(topic)) {
            RegistryHttp first = RegistryHttp.of(one);
            RegistryHttp second = RegistryHttp.of(two);

            int x = first.post("/subjects/x-value/versions", RegistryHttp.schemaBody(schema("X"))).id();
            // Before writing, an instance reads the topic to its end, so it knows what the other wrote.
            int sameOnSecond = second.post("/subjects/y-value/versions", RegistryHttp.schemaBody(schema("X"))).id();
            int z = second.post("/subjects/z-value/versions", RegistryHttp.schemaBody(schema("Z"))).id();

            assertThat(sameOnSecond).isEqualTo(x);
            assertThat(z).isEqualTo(x + 1);
            eventually(() -> {
                assertThat(first.get("/schemas/ids/" + z).status()).isEqualTo(200);
                assertThat(first.get("/subjects").body()).isEqualTo("[\"x-value\",\"y-value\",\"z-value\"]");
            });
        }
    }

    /** Reads follow the topic asynchronously: give the other instance a moment to see a write. */
    private static void eventually(Runnable assertion) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
