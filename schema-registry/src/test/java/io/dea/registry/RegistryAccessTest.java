package io.dea.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.platform.testing.TestKafka;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Registry writes need a user with the write role (HTTP basic, as Confluent's registry does); reads
 * stay open; a registry with no users refuses every write. Refusals say what is missing and never
 * echo what was sent.
 */
class RegistryAccessTest {

    private static final String SCHEMA = "{\"type\":\"record\",\"name\":\"Guarded\",\"namespace\":\"io.dea.test\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";

    private static ConfigurableApplicationContext registry;

    @BeforeAll
    static void startRegistry() {
        registry = SchemaRegistryApplication.start(TestKafka.shared().bootstrapServers(), 0, RegistryHttp.properties("access-test._schemas"));
        RegistryHttp.of(registry).post("/subjects/guarded-value/versions", RegistryHttp.schemaBody(SCHEMA));
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void withoutCredentialsNothingIsRegisteredDeletedOrReconfigured() {
        RegistryHttp anonymous = RegistryHttp.anonymous(registry);

        RegistryHttp.Response register = anonymous.post("/subjects/other-value/versions", RegistryHttp.schemaBody(SCHEMA));
        RegistryHttp.Response delete = anonymous.delete("/subjects/guarded-value");
        RegistryHttp.Response deleteVersion = anonymous.delete("/subjects/guarded-value/versions/1");
        RegistryHttp.Response config = anonymous.put("/config", "{\"compatibility\":\"NONE\"}");
        RegistryHttp.Response subjectConfig = anonymous.put("/config/guarded-value", "{\"compatibility\":\"NONE\"}");

        for (RegistryHttp.Response refused : new RegistryHttp.Response[] {register, delete, deleteVersion, config, subjectConfig}) {
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.errorCode()).isEqualTo(40101);
            assertThat(refused.json().get("message").asString()).contains("Authorization: Basic").contains("write role");
        }
        RegistryHttp reader = RegistryHttp.anonymous(registry);
        assertThat(reader.get("/subjects").json().toString()).contains("guarded-value").doesNotContain("other-value");
        assertThat(reader.get("/subjects/guarded-value/versions").json().toString()).isEqualTo("[1]");
        assertThat(reader.get("/config").json().get("compatibilityLevel").asString()).isEqualTo("BACKWARD");
    }

    @Test
    void readsAndLookupsNeedNoCredentials() {
        RegistryHttp anonymous = RegistryHttp.anonymous(registry);
        assertThat(anonymous.get("/subjects/guarded-value/versions/latest").status()).isEqualTo(200);
        assertThat(anonymous.post("/subjects/guarded-value", RegistryHttp.schemaBody(SCHEMA)).status()).isEqualTo(200);
        assertThat(anonymous.post("/compatibility/subjects/guarded-value/versions/latest", RegistryHttp.schemaBody(SCHEMA)).status())
                .isEqualTo(200);
    }

    @Test
    void aWrongPasswordIsRefusedWithoutEchoingIt() {
        RegistryHttp wrong = new RegistryHttp(RegistryHttp.urlOf(registry), RegistryHttp.WRITER + ":guess-" + RegistryHttp.WRITER_PASSWORD);
        RegistryHttp.Response refused = wrong.delete("/subjects/guarded-value");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body()).contains("not accepted").doesNotContain("guess-").doesNotContain(RegistryHttp.WRITER_PASSWORD);
    }

    @Test
    void aReadOnlyUserMayNotWrite() {
        RegistryHttp reader = new RegistryHttp(RegistryHttp.urlOf(registry), RegistryHttp.READER + ":" + RegistryHttp.READER_PASSWORD);
        RegistryHttp.Response refused = reader.put("/config/guarded-value", "{\"compatibility\":\"NONE\"}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("message").asString()).contains("write role");
        assertThat(reader.get("/subjects").status()).isEqualTo(200);
    }

    @Test
    void aRegistryWithoutUsersRefusesEveryWrite() {
        try (ConfigurableApplicationContext closed = SchemaRegistryApplication.start(TestKafka.shared().bootstrapServers(), 0,
                Map.of("dea.registry.topic", "closed-test._schemas"))) {
            RegistryHttp anyone = new RegistryHttp(RegistryHttp.urlOf(closed), RegistryHttp.WRITER_INFO);
            assertThat(anyone.post("/subjects/x-value/versions", RegistryHttp.schemaBody(SCHEMA)).status()).isEqualTo(401);
            assertThat(anyone.get("/subjects").json().toString()).isEqualTo("[]");
        }
    }

    @Test
    void lookupsAndCompatibilityChecksAreReadsEverythingElseThatChangesIsAWrite() {
        assertThat(RegistryAccess.isWrite("POST", "/subjects/a-value")).isFalse();
        assertThat(RegistryAccess.isWrite("POST", "/compatibility/subjects/a-value/versions/latest")).isFalse();
        assertThat(RegistryAccess.isWrite("GET", "/subjects/a-value/versions")).isFalse();
        assertThat(RegistryAccess.isWrite("POST", "/subjects/a-value/versions")).isTrue();
        assertThat(RegistryAccess.isWrite("POST", "/anything-new")).isTrue();
        // Paths the server would rewrite before routing are writes, whatever they start with.
        assertThat(RegistryAccess.isWrite("POST", "/compatibility/../subjects/a-value/versions")).isTrue();
        assertThat(RegistryAccess.isWrite("POST", "/subjects/a-value%2Fversions")).isTrue();
        assertThat(RegistryAccess.isWrite("POST", "/subjects/a-value;x=1")).isTrue();
        assertThat(RegistryAccess.isWrite("POST", "/compatibility//subjects/a-value/versions")).isTrue();
        assertThat(RegistryAccess.isWrite("POST", "/subjects/..")).isTrue();
        assertThat(RegistryAccess.isWrite("DELETE", "/subjects/a-value")).isTrue();
        assertThat(RegistryAccess.isWrite("PUT", "/mode")).isTrue();
        assertThat(RegistryAccess.isWrite("PATCH", "/config")).isTrue();
    }
}
