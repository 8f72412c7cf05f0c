package io.dea.platform.kafka;

import io.dea.platform.kafka.KafkaAccess.Principal;
import java.time.Duration;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * One topic as the whole system sees it: its name, what its keys and values are, how the broker
 * keeps it, who reads it and who dead-letters what it cannot decode. {@link TopicRegistry} holds one
 * per topic; every other list of topics (NewTopics, value schemas, Strimzi KafkaTopics, the checks on
 * the ACL table) comes from or is checked against it.
 *
 * @param name          the topic
 * @param key           what the (string) key is
 * @param value         the Avro record class of its values; null for OpenLineage JSON
 * @param cleanup       delete or compact
 * @param retention     how long Strimzi keeps records (null for compacted topics: the latest value stays)
 * @param consumers     the principals that read it
 * @param deadLetters   the consumer that writes undecodable records to {@code <name>-dlt} with a recoverer;
 *                      null when nobody does (a plain reader skips such records), and then no -dlt topic exists
 * @param about         one line on what it carries, for the Strimzi file's comments
 */
public record TopicSpec(String name, Key key, Class<? extends SpecificRecord> value, Cleanup cleanup, Duration retention,
        Set<Principal> consumers, Principal deadLetters, String about) {

    /** Every key is a string; plan-keyed topics keep one plan's events in order on one partition. */
    public enum Key { GOAL_ID, PLAN_ID }

    public enum Cleanup { DELETE, COMPACT }

    /** How long a dead letter is kept for someone to look at it. */
    public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(14);

    public TopicSpec {
        consumers = Set.copyOf(consumers);
        if (deadLetters != null && !consumers.contains(deadLetters)) {
            throw new IllegalArgumentException(name + ": only a consumer writes dead letters, not " + deadLetters);
        }
    }

    public boolean compacted() {
        return cleanup == Cleanup.COMPACT;
    }

    public boolean hasDeadLetter() {
        return deadLetters != null;
    }

    /** {@code <name>-dlt}; only for topics that have one. */
    public String deadLetterTopic() {
        if (!hasDeadLetter()) {
            throw new IllegalStateException(name + " has no dead-letter topic");
        }
        return Topics.deadLetter(name);
    }

    /** Whether its values are Avro (registered under {@code <name>-value}); false for JSON. */
    public boolean avro() {
        return value != null;
    }

    public Schema valueSchema() {
        if (!avro()) {
            throw new IllegalStateException(name + " carries JSON, not Avro");
        }
        return SpecificData.get().getSchema(value);
    }

    /** Whether a service (not only the submitter's tools) reads it. */
    public boolean consumedByAService() {
        return consumers.stream().anyMatch(p -> p.service() != null);
    }
}
