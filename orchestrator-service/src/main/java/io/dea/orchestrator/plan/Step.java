package io.dea.orchestrator.plan;

import io.dea.events.v1.Artifact;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One step of a plan: a task for one agent kind, with what it waits for and where it stands. */
public final class Step {

    final String name;
    final String agent;
    final List<String> dependsOn;
    StepStatus status = StepStatus.PENDING;
    int attempt;
    String taskId;
    Long dispatchedAt;
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

    public Step(String name, String agent, List<String> dependsOn) {
        this.name = name;
        this.agent = agent;
        this.dependsOn = List.copyOf(dependsOn);
    }

    public String name() {
        return name;
    }

    public String agent() {
        return agent;
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
