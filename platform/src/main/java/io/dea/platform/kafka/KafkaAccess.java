package io.dea.platform.kafka;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who may do what on the cluster: the one table of Kafka ACLs, derived from who produces and who
 * consumes each topic in the code. The local stack turns it into broker ACLs; the Strimzi
 * {@code KafkaUser} resources in {@code k8s/} are checked against it. Anything not granted here
 * is refused by the broker's authorizer (no ACL means no access).
 */
public final class KafkaAccess {

    /** The Kafka Streams application id of the orchestrator: its group, internal topics and transactional ids start with it. */
    public static final String ORCHESTRATOR_APP = "dea-orchestrator";
    /** Consumer groups the submitter (the CLI, foreign clients) may use start with this. */
    public static final String SUBMITTER_GROUPS = "dea-submitter-";
    /** The schema registry's own compacted topic. */
    public static final String REGISTRY_TOPIC = "dea._schemas";

    /** A principal of the system: one Kafka user each. */
    public enum Principal {
        ORCHESTRATOR("orchestrator", "orchestrator-service"),
        REVIEW("review", "review-service"),
        REGISTRY("registry", "schema-registry"),
        SUBMITTER("submitter", null),
        INGESTION("ingestion", "ingestion-service"),
        MODELING("modeling", "modeling-service"),
        TRANSFORM("transform", "transform-service"),
        QUALITY("quality", "quality-service"),
        GOVERNANCE("governance", "governance-service"),
        COST("cost", "cost-service"),
        OPS("ops", "ops-service");

        private final String user;
        private final String service;

        Principal(String user, String service) {
            this.user = user;
            this.service = service;
        }

        /** The Kafka user name (SCRAM user, Strimzi KafkaUser name without prefix). */
        public String user() {
            return user;
        }

        /** The service that logs in as this principal; null for the submitter. */
        public String service() {
            return service;
        }

        /** The agent kind when this principal is an agent service, else null. */
        public AgentKind agent() {
            for (AgentKind kind : AgentKind.values()) {
                if (kind.id().equals(user)) {
                    return kind;
                }
            }
            return null;
        }

        public static Principal ofService(String service) {
            for (Principal p : values()) {
                if (service.equals(p.service)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("no Kafka principal for service " + service);
        }
    }

    public enum Resource { TOPIC, GROUP, TRANSACTIONAL_ID }

    public enum Operation { READ, WRITE, CREATE, DELETE, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS, ALL }

    /** One ACL: allow {@code operations} on the resource {@code name} (a prefix when {@code prefixed}). */
    public record Grant(Principal principal, Resource resource, String name, boolean prefixed, Set<Operation> operations) {
        public Grant {
            operations = Set.copyOf(operations);
        }
    }

    private KafkaAccess() {
    }

    /** Every grant of every principal. */
    public static List<Grant> grants() {
        List<Grant> g = new ArrayList<>();
        orchestrator(g);
        review(g);
        registry(g);
        submitter(g);
        for (Principal p : Principal.values()) {
            if (p.agent() != null) {
                agent(g, p, p.agent());
            }
        }
        return List.copyOf(g);
    }

    public static List<Grant> grants(Principal principal) {
        return grants().stream().filter(x -> x.principal() == principal).toList();
    }

    /** The topics a principal may write (literal names; prefixed grants are not expanded). */
    public static Set<String> writes(Principal principal) {
        return topics(principal, Operation.WRITE);
    }

    /** The topics a principal may read (literal names). */
    public static Set<String> reads(Principal principal) {
        return topics(principal, Operation.READ);
    }

    private static Set<String> topics(Principal principal, Operation operation) {
        Set<String> topics = new LinkedHashSet<>();
        for (Grant grant : grants(principal)) {
            if (grant.resource() == Resource.TOPIC && !grant.prefixed() && grant.operations().contains(operation)) {
                topics.add(grant.name());
            }
        }
        return topics;
    }

    /**
     * The orchestrator reads goals, results, progress, decisions and rollback requests, and alone
     * writes task topics, plan state and events, review requests and goal rejections. Its Kafka
     * Streams internals (changelog, group, transactions) live under its application id.
     */
    private static void orchestrator(List<Grant> g) {
        Principal p = Principal.ORCHESTRATOR;
        List<String> reads = List.of(Topics.GOAL_REQUESTS, Topics.GOALS_ACCEPTED, Topics.TASK_RESULTS, Topics.TASK_PROGRESS,
                Topics.REVIEWS_DECIDED, Topics.GOAL_ROLLBACKS, Topics.RUN_REQUESTS, Topics.RUNS_ROUTED, Topics.RUNS_CHECKED);
        reads.forEach(t -> topic(g, p, t, Operation.READ));
        List<String> writes = new ArrayList<>(List.of(Topics.GOALS_ACCEPTED, Topics.RUNS_ROUTED, Topics.RUNS_CHECKED, Topics.GOAL_REJECTIONS, Topics.REVIEWS_REQUESTED,
                Topics.PLAN_EVENTS, Topics.PLAN_STATE));
        for (AgentKind kind : AgentKind.values()) {
            writes.add(Topics.tasks(kind));
        }
        // Undecodable input goes to the dead-letter twin of the topic it came from.
        reads.stream().filter(Topics.deadLettered()::contains).map(Topics::deadLetter).forEach(writes::add);
        writes.forEach(t -> topic(g, p, t, Operation.WRITE));
        g.add(new Grant(p, Resource.TOPIC, ORCHESTRATOR_APP + "-", true, Set.of(Operation.ALL)));
        g.add(new Grant(p, Resource.GROUP, ORCHESTRATOR_APP, true, Set.of(Operation.READ, Operation.DESCRIBE)));
        g.add(new Grant(p, Resource.TRANSACTIONAL_ID, ORCHESTRATOR_APP, true, Set.of(Operation.WRITE, Operation.DESCRIBE)));
    }

    /**
     * The review service reads requests and decisions (every replica all of them, no group) and alone
     * writes decisions and rollback requests: a rollback is a reviewer's decision, asked through its API.
     * It also reads lineage and plan states (no group), to answer {@code GET /lineage/{table}}.
     */
    private static void review(List<Grant> g) {
        Principal p = Principal.REVIEW;
        topic(g, p, Topics.REVIEWS_REQUESTED, Operation.READ);
        topic(g, p, Topics.REVIEWS_DECIDED, Operation.READ);
        topic(g, p, Topics.LINEAGE, Operation.READ);
        topic(g, p, Topics.PLAN_STATE, Operation.READ);
        topic(g, p, Topics.REVIEWS_DECIDED, Operation.WRITE);
        topic(g, p, Topics.GOAL_ROLLBACKS, Operation.WRITE);
    }

    /** The schema registry owns its schemas topic and nothing else. */
    private static void registry(List<Grant> g) {
        g.add(new Grant(Principal.REGISTRY, Resource.TOPIC, REGISTRY_TOPIC, false, Set.of(Operation.READ, Operation.WRITE,
                Operation.CREATE, Operation.DESCRIBE, Operation.DESCRIBE_CONFIGS)));
    }

    /** Submitters write goals and run requests and read what the CLI shows: plans, their events, rejections, lineage. */
    private static void submitter(List<Grant> g) {
        Principal p = Principal.SUBMITTER;
        topic(g, p, Topics.GOAL_REQUESTS, Operation.WRITE);
        topic(g, p, Topics.RUN_REQUESTS, Operation.WRITE);
        for (String t : List.of(Topics.PLAN_STATE, Topics.PLAN_EVENTS, Topics.GOAL_REJECTIONS, Topics.LINEAGE)) {
            topic(g, p, t, Operation.READ);
        }
        g.add(new Grant(p, Resource.GROUP, SUBMITTER_GROUPS, true, Set.of(Operation.READ, Operation.DESCRIBE)));
    }

    /**
     * An agent reads its own task topic in its own group and writes results, progress, audit, artifacts, lineage;
     * the ops agent also reads plan states, to remove what ended plans left.
     */
    private static void agent(List<Grant> g, Principal p, AgentKind kind) {
        String tasks = Topics.tasks(kind);
        topic(g, p, tasks, Operation.READ);
        for (String t : List.of(Topics.TASK_RESULTS, Topics.TASK_PROGRESS, Topics.AUDIT, Topics.ARTIFACTS, Topics.LINEAGE,
                Topics.deadLetter(tasks))) {
            topic(g, p, t, Operation.WRITE);
        }
        g.add(new Grant(p, Resource.GROUP, "dea-" + kind.id(), false, Set.of(Operation.READ, Operation.DESCRIBE)));
        if (kind == AgentKind.OPS) {
            topic(g, p, Topics.PLAN_STATE, Operation.READ); // the lifecycle: which plans ended (read without a group)
        }
    }

    private static void topic(List<Grant> g, Principal p, String topic, Operation operation) {
        Set<Operation> ops = operation == Operation.READ ? Set.of(Operation.READ, Operation.DESCRIBE) : Set.of(Operation.WRITE, Operation.DESCRIBE);
        g.add(new Grant(p, Resource.TOPIC, topic, false, ops));
    }

    /** The Kafka principal string of a user, as ACLs name it. */
    public static String kafkaPrincipal(Principal principal) {
        return "User:" + principal.user().toLowerCase(Locale.ROOT);
    }
}
