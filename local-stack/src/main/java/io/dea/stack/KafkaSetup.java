package io.dea.stack;

import io.dea.platform.kafka.KafkaAccess;
import io.dea.platform.kafka.KafkaAccess.Grant;
import io.dea.platform.kafka.KafkaAccess.Principal;
import io.dea.platform.kafka.TopicDeclarations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What the stack runner does as the broker's admin before any service starts: one SCRAM user per
 * principal, every topic (services do not create topics: they may not), and the ACLs of
 * {@link KafkaAccess}. Waits until the broker enforces them, so no service starts against a
 * half-configured cluster.
 */
final class KafkaSetup {

    private static final int SCRAM_ITERATIONS = 8192;

    private KafkaSetup() {
    }

    static void apply(String bootstrap, Map<String, String> admin, StackCredentials credentials, int partitions, short replicas)
            throws Exception {
        try (Admin client = Admin.create(properties(bootstrap, admin))) {
            upsertUsers(client, credentials);
            createTopics(client, partitions, replicas);
            Set<AclBinding> acls = bindings();
            client.createAcls(acls).all().get(60, TimeUnit.SECONDS);
            awaitAcls(client, acls);
        }
        awaitLogin(bootstrap, credentials.kafka(Principal.SUBMITTER));
    }

    /** The ACL bindings of the whole table (a set: grants overlap, DESCRIBE comes with READ and WRITE alike). */
    static Set<AclBinding> bindings() {
        Set<AclBinding> acls = new LinkedHashSet<>();
        for (Grant grant : KafkaAccess.grants()) {
            ResourcePattern pattern = new ResourcePattern(ResourceType.valueOf(grant.resource().name()), grant.name(),
                    grant.prefixed() ? PatternType.PREFIXED : PatternType.LITERAL);
            for (KafkaAccess.Operation operation : grant.operations()) {
                acls.add(new AclBinding(pattern, new AccessControlEntry(KafkaAccess.kafkaPrincipal(grant.principal()), "*",
                        AclOperation.valueOf(operation.name()), AclPermissionType.ALLOW)));
            }
        }
        return acls;
    }

    private static void upsertUsers(Admin client, StackCredentials credentials) throws Exception {
        List<UserScramCredentialAlteration> users = new ArrayList<>();
        for (Principal p : Principal.values()) {
            users.add(new UserScramCredentialUpsertion(p.user(), new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS),
                    credentials.kafka(p).password()));
        }
        client.alterUserScramCredentials(users).all().get(60, TimeUnit.SECONDS);
    }

    private static void createTopics(Admin client, int partitions, short replicas) throws Exception {
        Set<String> existing = client.listTopics().names().get(60, TimeUnit.SECONDS);
        List<NewTopic> missing = TopicDeclarations.all(partitions, replicas).stream()
                .filter(t -> !existing.contains(t.name())).toList();
        if (!missing.isEmpty()) {
            client.createTopics(missing).all().get(60, TimeUnit.SECONDS);
        }
    }

    private static void awaitAcls(Admin client, Set<AclBinding> expected) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!client.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS).containsAll(expected)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the broker did not take the stack's ACLs in 60 s");
            }
            Thread.sleep(100);
        }
    }

    /** A new SCRAM user logs in once the broker has the credential from the metadata log. */
    private static void awaitLogin(String bootstrap, KafkaScram user) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            try (Admin client = Admin.create(properties(bootstrap, user.clientProperties()))) {
                client.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the broker did not accept " + user.username() + "'s login in 60 s", e);
                }
                Thread.sleep(Duration.ofMillis(200).toMillis());
            }
        }
    }

    private static Map<String, Object> properties(String bootstrap, Map<String, String> security) {
        Map<String, Object> p = new HashMap<>(security);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return p;
    }
}
