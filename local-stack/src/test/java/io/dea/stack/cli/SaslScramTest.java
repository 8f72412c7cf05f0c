package io.dea.stack.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dea.events.v1.PlanState;
import io.dea.platform.kafka.Topics;
import io.dea.platform.kafka.KafkaAccess;
import io.dea.stack.KafkaScram;
import io.dea.stack.StackCredentials;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashSet;
import java.util.Set;
import io.dea.stack.StackFixture;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole stack against a broker that accepts only SASL/SCRAM-SHA-512 logins: every Kafka client
 * (agents, the orchestrator's streams, the review log, the schema registry's store, the CLI) is
 * configured by the same three client properties, each service with its own user, and a wrong
 * password or no login is turned away. The operator may choose the submitter's password
 * ({@code DEA_KAFKA_SCRAM_PASSWORD}); the others live in DEA_HOME/credentials.properties, the owner's alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SaslScramTest {

    /** The submitter's password chosen by the operator (DEA_KAFKA_SCRAM_PASSWORD); every other principal's is generated. */
    private static final KafkaScram SCRAM = new KafkaScram("submitter", "s3cret-" + System.nanoTime());

    private StackFixture fixture;

    @BeforeAll
    void startStack() throws Exception {
        fixture = new StackFixture(SCRAM);
    }

    @AfterAll
    void stopStack() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aGoalCompletesWhenEveryClientLogsInWithScram() throws Exception {
        assertThat(fixture.stack.kafkaClientProperties()).containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        StackConnection connection = Connections.to(fixture);
        String goalId = GoalSubmission.submit(connection, Path.of("../examples/daily-revenue/goal.yaml"));

        PlanState end = new PlanFollower(connection, goalId, true, false).follow();

        assertThat(end.getState()).as("plan ended: %s", end.getReason()).isEqualTo("COMPLETED");
    }

    @Test
    void everyPrincipalHasItsOwnPasswordKeptInAFileOnlyItsOwnerReads() throws Exception {
        StackCredentials credentials = fixture.stack.credentials();
        assertThat(credentials.kafka(KafkaAccess.Principal.SUBMITTER).password()).isEqualTo(SCRAM.password());
        assertThat(Files.getPosixFilePermissions(credentials.file())).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        Set<String> passwords = new HashSet<>();
        for (KafkaAccess.Principal p : KafkaAccess.Principal.values()) {
            passwords.add(credentials.kafka(p).password());
        }
        assertThat(passwords).hasSize(KafkaAccess.Principal.values().length);
        assertThat(fixture.stack.context("transform-service").getEnvironment().getProperty("spring.kafka.properties.sasl.jaas.config"))
                .contains("username=\"transform\"");
        assertThat(Files.readString(fixture.stack.files().stackJson())).doesNotContain(SCRAM.password());
    }

    @Test
    void onlyTheSubmittersNameMayBeChosen() {
        assertThat(KafkaScram.fromEnvironment(Map.of("DEA_KAFKA_SCRAM_PASSWORD", "p")).username()).isEqualTo("submitter");
        assertThat(KafkaScram.fromEnvironment(Map.of())).isNull();
        assertThatThrownBy(() -> KafkaScram.fromEnvironment(Map.of("DEA_KAFKA_SCRAM_USER", "dea-services", "DEA_KAFKA_SCRAM_PASSWORD", "p")))
                .hasMessageContaining("may only be 'submitter'");
    }

    @Test
    void aWrongPasswordIsRefused() {
        Map<String, String> wrong = new KafkaScram(SCRAM.username(), "not-" + SCRAM.password()).clientProperties();
        try (Admin admin = Admin.create(clientProperties(wrong))) {
            assertThatThrownBy(() -> admin.describeTopics(java.util.List.of(Topics.GOAL_REQUESTS)).allTopicNames().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void aClientWithoutALoginGetsNothing() {
        Properties plaintext = clientProperties(Map.of());
        plaintext.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        plaintext.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        try (Admin admin = Admin.create(plaintext)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
    }

    private Properties clientProperties(Map<String, String> security) {
        Map<String, Object> p = new HashMap<>(security);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.stack.bootstrapServers());
        Properties properties = new Properties();
        properties.putAll(p);
        return properties;
    }
}
