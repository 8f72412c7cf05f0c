package io.dea.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.platform.kafka.KafkaAccess;
import io.dea.platform.kafka.KafkaAccess.Grant;
import io.dea.platform.kafka.KafkaAccess.Operation;
import io.dea.platform.kafka.KafkaAccess.Principal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * k8s/base/kafka-users.yaml holds one Strimzi KafkaUser (SCRAM-SHA-512, simple authorization) per
 * principal with exactly the ACLs of {@link KafkaAccess}, the table the local stack's broker enforces.
 * The file is generated from the table ({@link #yaml()}); when the table changes, this test fails and
 * prints the file to write. Rendered through the dev overlay, every KafkaUser passes the strict CRD model.
 */
class KafkaUsersTest {

    static final Path FILE = Repo.k8s().resolve("base/kafka-users.yaml");

    @Test
    void theKafkaUsersAreTheAccessTable() throws Exception {
        GeneratedFile.assertIs(FILE, yaml(), "KafkaAccess");
    }

    @Test
    void everyPrincipalHasAKafkaUserInTheRenderedOverlayWithItsGrants() {
        List<Crds.KafkaUser> users = OverlaysTest.DEV.rendered().all(Crds.KafkaUser.class);
        Set<String> names = new TreeSet<>();
        for (Crds.KafkaUser user : users) {
            names.add(user.metadata().getName());
            assertThat(user.spec().authentication().type()).isEqualTo("scram-sha-512");
            assertThat(user.spec().authorization().type()).isEqualTo("simple");
            assertThat(user.metadata().getLabels()).containsEntry("strimzi.io/cluster", "dea-kafka");
        }
        Set<String> expected = new TreeSet<>();
        for (Principal p : Principal.values()) {
            expected.add(userName(p));
        }
        assertThat(names).isEqualTo(expected);
        Crds.KafkaUser review = users.stream().filter(u -> u.metadata().getName().equals(userName(Principal.REVIEW))).findFirst().orElseThrow();
        assertThat(review.spec().authorization().acls()).anySatisfy(acl -> {
            assertThat(acl.resource().name()).isEqualTo("dea.reviews.decided");
            assertThat(acl.operations()).contains("Write");
        });
    }

    @Test
    void everyServiceLogsInAsItsOwnKafkaUser() {
        for (io.fabric8.kubernetes.api.model.apps.Deployment d : OverlaysTest.DEV.rendered().all(io.fabric8.kubernetes.api.model.apps.Deployment.class)) {
            String service = d.getMetadata().getName();
            var jaas = d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                    .filter(e -> e.getName().equals("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG")).findFirst().orElseThrow(
                            () -> new AssertionError(service + " has no SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG"));
            assertThat(jaas.getValueFrom().getSecretKeyRef().getName()).as(service).isEqualTo(userName(Principal.ofService(service)));
            assertThat(jaas.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("sasl.jaas.config");
        }
    }

    static String userName(Principal p) {
        return "dea-" + p.user();
    }

    /** The file's text, from the table. */
    static String yaml() {
        StringBuilder out = new StringBuilder("""
                # Generated from platform/src/main/java/io/dea/platform/kafka/KafkaAccess.java (deploy-check's
                # KafkaUsersTest fails and prints this file when the table changes). One SCRAM user per principal
                # with the same ACLs the local stack's broker enforces; the Kafka cluster dea-kafka needs
                # `authorization: {type: simple}` and a SCRAM-SHA-512 listener. Strimzi writes each user's
                # password and sasl.jaas.config into a Secret of the user's name.
                """);
        for (Principal p : Principal.values()) {
            out.append("---\n")
                    .append("apiVersion: kafka.strimzi.io/v1beta2\n")
                    .append("kind: KafkaUser\n")
                    .append("metadata:\n")
                    .append("  name: ").append(userName(p)).append('\n')
                    .append("  labels:\n")
                    .append("    strimzi.io/cluster: dea-kafka\n")
                    .append("spec:\n")
                    .append("  authentication:\n")
                    .append("    type: scram-sha-512\n")
                    .append("  authorization:\n")
                    .append("    type: simple\n")
                    .append("    acls:\n");
            for (Grant grant : KafkaAccess.grants(p)) {
                out.append("      - resource:\n")
                        .append("          type: ").append(resourceType(grant)).append('\n')
                        .append("          name: ").append(grant.name()).append('\n')
                        .append("          patternType: ").append(grant.prefixed() ? "prefix" : "literal").append('\n')
                        .append("        operations: [").append(String.join(", ", operations(grant))).append("]\n");
            }
        }
        return out.toString();
    }

    private static String resourceType(Grant grant) {
        return switch (grant.resource()) {
            case TOPIC -> "topic";
            case GROUP -> "group";
            case TRANSACTIONAL_ID -> "transactionalId";
        };
    }

    /** Strimzi spells operations in PascalCase: Read, Write, DescribeConfigs, All. */
    private static List<String> operations(Grant grant) {
        List<String> ops = new ArrayList<>();
        for (Operation op : Operation.values()) {
            if (grant.operations().contains(op)) {
                StringBuilder pascal = new StringBuilder();
                for (String part : op.name().split("_")) {
                    pascal.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
                }
                ops.add(pascal.toString());
            }
        }
        return ops;
    }
}
