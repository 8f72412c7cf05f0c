package io.dea.stack.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.platform.kafka.AgentKind;
import io.dea.platform.kafka.KafkaAccess;
import io.dea.platform.kafka.KafkaAccess.Grant;
import io.dea.platform.kafka.KafkaAccess.Operation;
import io.dea.platform.kafka.KafkaAccess.Principal;
import io.dea.platform.kafka.KafkaAccess.Resource;
import io.dea.platform.kafka.Topics;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The ACL table, checked as data: every topic has a writer, and each principal may write only what
 * issue 9 gives it (decisions only the review service, tasks and plans only the orchestrator, agent
 * output only agents, goals only submitters, rollbacks only the review service) and read only what it consumes.
 */
class KafkaAccessTableTest {

    private static final Set<Principal> AGENTS = EnumSet.of(Principal.INGESTION, Principal.MODELING, Principal.TRANSFORM,
            Principal.QUALITY, Principal.GOVERNANCE, Principal.COST, Principal.OPS);

    @Test
    void everyTopicHasAWriter() {
        List<String> topics = new ArrayList<>(Topics.all());
        topics.addAll(Topics.compacted());
        for (String topic : topics) {
            if (topic.endsWith(Topics.DLT_SUFFIX)) {
                String source = topic.substring(0, topic.length() - Topics.DLT_SUFFIX.length());
                // A dead-letter twin is written by whoever consumes its source; review requests are read by
                // the review service without a listener (it skips what it cannot decode), so that twin stays empty.
                if (source.equals(Topics.REVIEWS_REQUESTED)) {
                    continue;
                }
            }
            assertThat(writers(topic)).as("writers of %s", topic).isNotEmpty();
        }
    }

    @Test
    void onlyTheReviewServiceWritesDecisions() {
        assertThat(writers(Topics.REVIEWS_DECIDED)).containsExactly(Principal.REVIEW);
    }

    @Test
    void onlyTheOrchestratorWritesTasksPlansReviewRequestsAndRejections() {
        for (AgentKind kind : AgentKind.values()) {
            assertThat(writers(Topics.tasks(kind))).as(Topics.tasks(kind)).containsExactly(Principal.ORCHESTRATOR);
        }
        for (String topic : List.of(Topics.PLAN_STATE, Topics.PLAN_EVENTS, Topics.REVIEWS_REQUESTED, Topics.GOAL_REJECTIONS, Topics.GOALS_ACCEPTED)) {
            assertThat(writers(topic)).as(topic).containsExactly(Principal.ORCHESTRATOR);
        }
    }

    @Test
    void onlyAgentsWriteResultsProgressAuditArtifactsAndLineage() {
        for (String topic : List.of(Topics.TASK_RESULTS, Topics.TASK_PROGRESS, Topics.AUDIT, Topics.ARTIFACTS, Topics.LINEAGE)) {
            assertThat(writers(topic)).as(topic).containsExactlyInAnyOrderElementsOf(AGENTS);
        }
    }

    @Test
    void onlySubmittersWriteGoalsAndRunRequestsAndOnlyTheReviewServiceWritesRollbackRequests() {
        assertThat(writers(Topics.GOAL_REQUESTS)).containsExactly(Principal.SUBMITTER);
        assertThat(writers(Topics.RUN_REQUESTS)).containsExactly(Principal.SUBMITTER);
        assertThat(writers(Topics.RUNS_CHECKED)).containsExactly(Principal.ORCHESTRATOR);
        assertThat(writers(Topics.RUNS_ROUTED)).containsExactly(Principal.ORCHESTRATOR);
        assertThat(writers(Topics.GOAL_ROLLBACKS)).containsExactly(Principal.REVIEW);
        assertThat(KafkaAccess.writes(Principal.SUBMITTER)).containsExactlyInAnyOrder(Topics.GOAL_REQUESTS, Topics.RUN_REQUESTS);
        assertThat(KafkaAccess.reads(Principal.SUBMITTER)).as("./dea status, ./dea lineage")
                .containsExactlyInAnyOrder(Topics.PLAN_STATE, Topics.PLAN_EVENTS, Topics.GOAL_REJECTIONS, Topics.LINEAGE);
    }

    @Test
    void eachAgentReadsOnlyItsOwnTaskTopicInItsOwnGroup() {
        for (Principal agent : AGENTS) {
            String tasks = Topics.tasks(agent.agent());
            // The ops agent's lifecycle also reads plan states (without a group) to clean up after ended plans.
            String[] reads = agent == Principal.OPS ? new String[] {tasks, Topics.PLAN_STATE} : new String[] {tasks};
            assertThat(KafkaAccess.reads(agent)).as(agent.name()).containsExactly(reads);
            assertThat(KafkaAccess.writes(agent)).as(agent.name()).containsExactlyInAnyOrder(Topics.TASK_RESULTS, Topics.TASK_PROGRESS,
                    Topics.AUDIT, Topics.ARTIFACTS, Topics.LINEAGE, Topics.deadLetter(tasks));
            assertThat(groups(agent)).containsExactly("dea-" + agent.agent().id());
        }
    }

    @Test
    void theOrchestratorReadsWhatItsTopologyConsumes() {
        assertThat(KafkaAccess.reads(Principal.ORCHESTRATOR)).containsExactlyInAnyOrder(Topics.GOAL_REQUESTS, Topics.GOALS_ACCEPTED,
                Topics.TASK_RESULTS, Topics.TASK_PROGRESS, Topics.REVIEWS_DECIDED, Topics.GOAL_ROLLBACKS, Topics.RUN_REQUESTS,
                Topics.RUNS_ROUTED, Topics.RUNS_CHECKED);
        assertThat(KafkaAccess.grants(Principal.ORCHESTRATOR)).anySatisfy(g -> {
            assertThat(g.resource()).isEqualTo(Resource.TRANSACTIONAL_ID);
            assertThat(g.name()).isEqualTo(KafkaAccess.ORCHESTRATOR_APP);
            assertThat(g.prefixed()).isTrue();
        });
    }

    @Test
    void theReviewServiceAndTheRegistryTouchOnlyTheirOwnTopics() {
        // Lineage and plan states for GET /lineage/{table} (which plans were rolled back).
        assertThat(KafkaAccess.reads(Principal.REVIEW)).containsExactlyInAnyOrder(Topics.REVIEWS_REQUESTED, Topics.REVIEWS_DECIDED,
                Topics.LINEAGE, Topics.PLAN_STATE);
        assertThat(KafkaAccess.writes(Principal.REVIEW)).containsExactlyInAnyOrder(Topics.REVIEWS_DECIDED, Topics.GOAL_ROLLBACKS);
        assertThat(KafkaAccess.grants(Principal.REGISTRY)).allMatch(g -> g.resource() == Resource.TOPIC
                && g.name().equals(KafkaAccess.REGISTRY_TOPIC) && !g.prefixed());
    }

    @Test
    void onlyTheOrchestratorHoldsAPrefixedTopicGrantAndNobodyHoldsAClusterGrant() {
        for (Grant grant : KafkaAccess.grants()) {
            if (grant.resource() == Resource.TOPIC && grant.prefixed()) {
                assertThat(grant.principal()).isEqualTo(Principal.ORCHESTRATOR);
                assertThat(grant.name()).isEqualTo(KafkaAccess.ORCHESTRATOR_APP + "-");
            }
            if (grant.operations().contains(Operation.ALL)) {
                assertThat(grant.prefixed()).as("ALL only over the orchestrator's own internal topics").isTrue();
            }
        }
    }

    private static Set<Principal> writers(String topic) {
        Set<Principal> writers = EnumSet.noneOf(Principal.class);
        for (Principal p : Principal.values()) {
            if (KafkaAccess.writes(p).contains(topic)) {
                writers.add(p);
            }
        }
        return writers;
    }

    private static List<String> groups(Principal principal) {
        return KafkaAccess.grants(principal).stream().filter(g -> g.resource() == Resource.GROUP).map(Grant::name).toList();
    }
}
