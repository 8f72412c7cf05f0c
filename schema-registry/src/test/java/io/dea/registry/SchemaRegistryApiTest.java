package io.dea.registry;

import io.dea.platform.testing.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST API against a real registry on a real broker, through plain HTTP with Confluent's
 * content type. Each test uses its own subjects, so they share one registry.
 */
class SchemaRegistryApiTest {

    private static ConfigurableApplicationContext registry;
    private static RegistryHttp http;

    @BeforeAll
    static void startRegistry() {
        registry = SchemaRegistryApplication.start(TestKafka.shared().bootstrapServers(), 0,
                RegistryHttp.properties("api-test._schemas"));
        http = RegistryHttp.of(registry);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    /** An Avro record named Order with an id and whatever extra fields a test adds. */
    static String order(String name, String extraFields) {
        return """
                {"type":"record","name":"%s","namespace":"io.dea.test","fields":[
                  {"name":"id","type":"string"}%s]}""".formatted(name, extraFields);
    }

    @Test
    void shouldRegisterASchemaAndServeItByIdVersionAndLatest() {
        String schema = order("Registered", "");

        RegistryHttp.Response registered = http.post("/subjects/orders-value/versions", RegistryHttp.schemaBody(schema));

        assertThat(registered.status()).isEqualTo(200);
        int id = registered.id();
        JsonNode byId = http.get("/schemas/ids/" + id + "?subject=orders-value&fetchMaxId=false").json();
        assertThat(byId.get("schema").asString()).contains("\"name\":\"Registered\"");
        assertThat(byId.has("schemaType")).as("Confluent omits schemaType for Avro").isFalse();
        assertThat(http.get("/schemas/ids/" + id + "/schema").json().get("name").asString()).isEqualTo("Registered");
        assertThat(http.get("/schemas/ids/" + id + "/versions").json().toString())
                .isEqualTo("[{\"subject\":\"orders-value\",\"version\":1}]");
        assertThat(http.get("/subjects/orders-value/versions").body()).isEqualTo("[1]");
        JsonNode latest = http.get("/subjects/orders-value/versions/latest").json();
        assertThat(latest.get("subject").asString()).isEqualTo("orders-value");
        assertThat(latest.get("version").asInt()).isEqualTo(1);
        assertThat(latest.get("id").asInt()).isEqualTo(id);
        assertThat(http.get("/subjects/orders-value/versions/1").json()).isEqualTo(latest);
        assertThat(http.get("/subjects/orders-value/versions/1/schema").json().get("name").asString())
                .isEqualTo("Registered");
        assertThat(http.get("/subjects").json().toString()).contains("\"orders-value\"");
    }

    @Test
    void shouldReturnTheExistingIdWithoutANewVersionWhenTheSameSchemaIsRegisteredAgain() {
        String schema = order("Again", "");
        int id = http.post("/subjects/again-value/versions", RegistryHttp.schemaBody(schema)).id();

        // Same schema, written differently: canonicalization makes it the same one.
        String reformatted = schema.replace(":", " : ").replace("\n", "");
        int again = http.post("/subjects/again-value/versions?normalize=false", RegistryHttp.schemaBody(reformatted)).id();

        assertThat(again).isEqualTo(id);
        assertThat(http.get("/subjects/again-value/versions").body()).isEqualTo("[1]");
    }

    @Test
    void shouldGiveTheSameSchemaTheSameIdUnderTwoSubjectsAndNewSchemasNewIds() {
        String schema = order("Shared", "");
        int first = http.post("/subjects/shared-a-value/versions", RegistryHttp.schemaBody(schema)).id();
        int second = http.post("/subjects/shared-b-value/versions", RegistryHttp.schemaBody(schema)).id();
        int other = http.post("/subjects/shared-c-value/versions", RegistryHttp.schemaBody(order("Other", ""))).id();

        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(http.get("/schemas/ids/" + first + "/subjects").json().toString())
                .isEqualTo("[\"shared-a-value\",\"shared-b-value\"]");
    }

    @Test
    void shouldFindARegisteredSchemaByLookupAndAnswer40403Or40401Otherwise() {
        String schema = order("Lookup", "");
        int id = http.post("/subjects/lookup-value/versions", RegistryHttp.schemaBody(schema)).id();

        RegistryHttp.Response found = http.post("/subjects/lookup-value", RegistryHttp.schemaBody(schema));
        RegistryHttp.Response unknownSchema = http.post("/subjects/lookup-value", RegistryHttp.schemaBody(order("Unknown", "")));
        RegistryHttp.Response unknownSubject = http.post("/subjects/nobody-value", RegistryHttp.schemaBody(schema));

        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().get("id").asInt()).isEqualTo(id);
        assertThat(found.json().get("version").asInt()).isEqualTo(1);
        assertThat(found.json().get("subject").asString()).isEqualTo("lookup-value");
        assertThat(found.json().get("schema").asString()).contains("Lookup");
        assertThat(unknownSchema.status()).isEqualTo(404);
        assertThat(unknownSchema.errorCode()).isEqualTo(40403);
        assertThat(unknownSubject.status()).isEqualTo(404);
        assertThat(unknownSubject.errorCode()).isEqualTo(40401);
    }

    @Test
    void shouldRejectAnIncompatibleChangeWith409AndReportItAsNotCompatible() {
        http.post("/subjects/strict-value/versions", RegistryHttp.schemaBody(order("Strict", "")));
        // A new field without a default cannot be read from data written before it existed.
        String breaking = order("Strict", ",{\"name\":\"customer\",\"type\":\"string\"}");

        RegistryHttp.Response check = http.post("/compatibility/subjects/strict-value/versions/latest?verbose=true",
                RegistryHttp.schemaBody(breaking));
        RegistryHttp.Response register = http.post("/subjects/strict-value/versions", RegistryHttp.schemaBody(breaking));

        assertThat(check.status()).isEqualTo(200);
        assertThat(check.json().get("is_compatible").asBoolean()).isFalse();
        assertThat(check.json().get("messages").toString()).contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(register.status()).isEqualTo(409);
        assertThat(register.errorCode()).isEqualTo(409);
        assertThat(http.get("/subjects/strict-value/versions").body()).isEqualTo("[1]");
    }

    @Test
    void shouldAcceptACompatibleChangeWithADefaultedFieldAsANewVersion() {
        int v1 = http.post("/subjects/evolving-value/versions", RegistryHttp.schemaBody(order("Evolving", ""))).id();
        String defaulted = order("Evolving", ",{\"name\":\"currency\",\"type\":\"string\",\"default\":\"EUR\"}");

        RegistryHttp.Response check = http.post("/compatibility/subjects/evolving-value/versions/1",
                RegistryHttp.schemaBody(defaulted));
        RegistryHttp.Response v2 = http.post("/subjects/evolving-value/versions", RegistryHttp.schemaBody(defaulted));

        assertThat(check.json().toString()).isEqualTo("{\"is_compatible\":true}");
        assertThat(v2.status()).isEqualTo(200);
        assertThat(v2.id()).isGreaterThan(v1);
        assertThat(http.get("/subjects/evolving-value/versions").body()).isEqualTo("[1,2]");
        assertThat(http.get("/subjects/evolving-value/versions/latest").json().get("id").asInt()).isEqualTo(v2.id());
    }

    @Test
    void shouldAllowAnyChangeWhenTheSubjectsCompatibilityIsNone() {
        http.post("/subjects/loose-value/versions", RegistryHttp.schemaBody(order("Loose", "")));

        RegistryHttp.Response set = http.put("/config/loose-value", "{\"compatibility\":\"NONE\"}");
        RegistryHttp.Response unrelated = http.post("/subjects/loose-value/versions",
                RegistryHttp.schemaBody("{\"type\":\"enum\",\"name\":\"Anything\",\"symbols\":[\"A\",\"B\"]}"));

        assertThat(set.json().toString()).isEqualTo("{\"compatibility\":\"NONE\"}");
        assertThat(http.get("/config/loose-value").json().toString()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
        assertThat(unrelated.status()).isEqualTo(200);
        assertThat(http.get("/subjects/loose-value/versions").body()).isEqualTo("[1,2]");
    }

    @Test
    void shouldCheckOldReadersUnderForwardCompatibility() {
        String v1 = order("Forward", ",{\"name\":\"amount\",\"type\":\"double\"}");
        http.post("/subjects/forward-value/versions", RegistryHttp.schemaBody(v1));
        http.put("/config/forward-value", "{\"compatibility\":\"FORWARD\"}");

        // Old readers need amount, which has no default: dropping it breaks them; adding a field does not.
        RegistryHttp.Response dropped = http.post("/subjects/forward-value/versions",
                RegistryHttp.schemaBody(order("Forward", "")));
        RegistryHttp.Response added = http.post("/subjects/forward-value/versions", RegistryHttp.schemaBody(
                order("Forward", ",{\"name\":\"amount\",\"type\":\"double\"},{\"name\":\"note\",\"type\":\"string\"}")));

        assertThat(dropped.status()).isEqualTo(409);
        assertThat(added.status()).isEqualTo(200);
    }

    @Test
    void shouldServeAndChangeTheRegistryWideCompatibilityLevel() {
        assertThat(http.get("/config").json().toString()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
        assertThat(http.get("/config/unconfigured-value").errorCode()).isEqualTo(40408);
        assertThat(http.get("/config/unconfigured-value?defaultToGlobal=true").json().get("compatibilityLevel").asString())
                .isEqualTo("BACKWARD");

        RegistryHttp.Response set = http.put("/config", "{\"compatibility\":\"FULL\"}");
        String afterSet = http.get("/config").body();
        RegistryHttp.Response invalid = http.put("/config", "{\"compatibility\":\"SOMETIMES\"}");
        http.put("/config", "{\"compatibility\":\"BACKWARD\"}");

        assertThat(set.json().toString()).isEqualTo("{\"compatibility\":\"FULL\"}");
        assertThat(afterSet).isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.errorCode()).isEqualTo(42203);
    }

    @Test
    void shouldRejectAnInvalidSchemaWith42201() {
        RegistryHttp.Response notAvro = http.post("/subjects/invalid-value/versions",
                RegistryHttp.schemaBody("{\"type\":\"record\",\"name\":\"Broken\",\"fields\":[{\"name\":\"x\",\"type\":\"nosuchtype\"}]}"));
        RegistryHttp.Response badDefault = http.post("/subjects/invalid-value/versions", RegistryHttp.schemaBody(
                order("BadDefault", ",{\"name\":\"n\",\"type\":\"int\",\"default\":\"not a number\"}")));

        assertThat(notAvro.status()).isEqualTo(422);
        assertThat(notAvro.errorCode()).isEqualTo(42201);
        assertThat(badDefault.errorCode()).isEqualTo(42201);
        assertThat(http.get("/subjects").body()).doesNotContain("invalid-value");
    }

    @Test
    void shouldAnswerMissingThingsWithConfluentsErrorCodes() {
        http.post("/subjects/sparse-value/versions", RegistryHttp.schemaBody(order("Sparse", "")));

        assertThat(http.get("/subjects/sparse-value/versions/7").errorCode()).isEqualTo(40402);
        assertThat(http.get("/subjects/sparse-value/versions/zero").errorCode()).isEqualTo(42202);
        assertThat(http.get("/subjects/missing-value/versions").errorCode()).isEqualTo(40401);
        assertThat(http.get("/subjects/missing-value/versions/latest").errorCode()).isEqualTo(40401);
        RegistryHttp.Response noSchema = http.get("/schemas/ids/99999");
        assertThat(noSchema.status()).isEqualTo(404);
        assertThat(noSchema.errorCode()).isEqualTo(40403);
        assertThat(noSchema.json().get("message").asString()).isNotBlank();
    }

    @Test
    void shouldHideASoftDeletedSubjectButKeepItsIdsAndVersionNumbers() {
        String schema = order("Deleted", "");
        int id = http.post("/subjects/deleted-value/versions", RegistryHttp.schemaBody(schema)).id();

        RegistryHttp.Response deleted = http.delete("/subjects/deleted-value");

        assertThat(deleted.body()).isEqualTo("[1]");
        assertThat(http.get("/subjects").body()).doesNotContain("\"deleted-value\"");
        assertThat(http.get("/subjects?deleted=true").body()).contains("\"deleted-value\"");
        assertThat(http.get("/subjects/deleted-value/versions").errorCode()).isEqualTo(40401);
        assertThat(http.get("/schemas/ids/" + id).status()).as("data written with it must stay readable").isEqualTo(200);
        RegistryHttp.Response again = http.post("/subjects/deleted-value/versions", RegistryHttp.schemaBody(schema));
        assertThat(again.id()).isEqualTo(id);
        assertThat(http.get("/subjects/deleted-value/versions").body()).isEqualTo("[2]");
    }

    @Test
    void shouldResolveReferencesToOtherSubjects() {
        String money = "{\"type\":\"record\",\"name\":\"Money\",\"namespace\":\"io.dea.test\",\"fields\":["
                + "{\"name\":\"amount\",\"type\":\"double\"},{\"name\":\"currency\",\"type\":\"string\"}]}";
        http.post("/subjects/money/versions", RegistryHttp.schemaBody(money));
        String payment = "{\"type\":\"record\",\"name\":\"Payment\",\"namespace\":\"io.dea.test\",\"fields\":["
                + "{\"name\":\"total\",\"type\":\"io.dea.test.Money\"}]}";
        List<Map<String, Object>> refs = List.of(Map.of("name", "io.dea.test.Money", "subject", "money", "version", 1));

        RegistryHttp.Response withRefs = http.post("/subjects/payments-value/versions", RegistryHttp.schemaBody(payment, refs));
        RegistryHttp.Response withoutRefs = http.post("/subjects/payments2-value/versions", RegistryHttp.schemaBody(payment));

        assertThat(withRefs.status()).isEqualTo(200);
        JsonNode fetched = http.get("/schemas/ids/" + withRefs.id()).json();
        assertThat(fetched.get("references").get(0).get("subject").asString()).isEqualTo("money");
        assertThat(withoutRefs.errorCode()).as("Money is unknown without the reference").isEqualTo(42201);
    }

    @Test
    void shouldAcceptPlainJsonAndAnswerTheRootAndHealth() {
        RegistryHttp.Response registered = http.post("/subjects/plain-value/versions",
                RegistryHttp.schemaBody(order("Plain", "")), "application/json");

        assertThat(registered.status()).isEqualTo(200);
        assertThat(registered.contentType()).contains("json");
        assertThat(http.get("/").body()).isEqualTo("{}");
        assertThat(http.get("/schemas/types").body()).isEqualTo("[\"AVRO\"]");
        assertThat(http.get("/actuator/health").json().get("status").asString()).isEqualTo("UP");
    }
}
