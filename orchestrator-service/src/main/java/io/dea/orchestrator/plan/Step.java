package io.dea.orchestrator.plan;

import io.dea.events.v1.Artifact;
import io.dea.events.v1.StepKind;
import io.dea.platform.step.StepRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One step of a plan: a task for one agent kind, with what it waits for and where it stands. */
public final class Step {

    final String name;
    final String agent;
    final StepKind kind;
    final String source;
    final List<String> dependsOn;
    StepStatus status = StepStatus.PENDING;
    int attempt;
    String taskId;
    Long dispatchedAt;
    /** The first dispatch; a retry or an approved re-send keeps it, so a status shows the step's whole time. */
    Long startedAt;
    /** When the step became SUCCEEDED, FAILED or SKIPPED; null while it runs, retries or waits for a person. */
    Long endedAt;
    /** When the step's latest review opened and when a person's decision on it was taken: the person's share of its time. */
    Long reviewOpenedAt;
    Long reviewDecidedAt;
    Long lastSeenAt;
    Long retryAt;
    int retryFloor;
    String reviewId;
    String reviewKind;
    String reviewRole;
    String approvedBy;
    String summary;
    String error;
    final Map<String, String> outputs = new LinkedHashMap<>();
    final List<Artifact> artifacts = new ArrayList<>();

    public Step(StepRef ref, List<String> dependsOn) {
        this(ref.name(), ref.agent().id(), ref.kind(), ref.source(), dependsOn);
    }

    /** As stored; {@code kind} is null only in a plan stored before steps were typed. */
    Step(String name, String agent, StepKind kind, String source, List<String> dependsOn) {
        this.name = name;
        this.agent = agent;
        this.kind = kind;
        this.source = source;
        this.dependsOn = List.copyOf(dependsOn);
    }

    /** Ends the step as SUCCEEDED, FAILED or SKIPPED at {@code now}. */
    void end(StepStatus end, long now) {
        status = end;
        endedAt = now;
    }

    public String name() {
        return name;
    }

    public String agent() {
        return agent;
    }

    /** What the step does; the task carries it and agents dispatch on it. */
    public StepKind kind() {
        return kind;
    }

    /** The goal source an INGEST step loads; null for other kinds. */
    public String source() {
        return source;
    }

    public List<String> dependsOn() {
        return dependsOn;
    }

    public StepStatus status() {
        return status;
    }

    public int attempt() {
        return attempt;
    }

    /** The first dispatch (epoch millis), null before it. */
    public Long startedAt() {
        return startedAt;
    }

    /** When the step ended (epoch millis), null while it has not. */
    public Long endedAt() {
        return endedAt;
    }

    /** When the latest review opened (epoch millis), null if none did. */
    public Long reviewOpenedAt() {
        return reviewOpenedAt;
    }

    /** When a decision on the latest review was taken (epoch millis), null while it is open. */
    public Long reviewDecidedAt() {
        return reviewDecidedAt;
    }

    public String taskId() {
        return taskId;
    }

    /** Who approved the step's proposal; the task that applies it carries the name. */
    public String approvedBy() {
        return approvedBy;
    }

    public String reviewId() {
        return reviewId;
    }

    public String summary() {
        return summary;
    }

    public String error() {
        return error;
    }

    public Map<String, String> outputs() {
        return outputs;
    }

    public List<Artifact> artifacts() {
        return artifacts;
    }
}
