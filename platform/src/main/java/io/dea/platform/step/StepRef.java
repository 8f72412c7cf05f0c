package io.dea.platform.step;

import io.dea.events.v1.StepKind;
import io.dea.platform.kafka.AgentKind;
import java.util.Locale;
import java.util.Objects;

/**
 * A plan step as the planner makes it: its kind and typed inputs (an ingest's source). The name
 * people see ({@code ingest_orders}, {@code model}, ...) is built from these and never read back:
 * agents dispatch on {@link #kind()} and read {@link #source()}.
 */
public record StepRef(StepKind kind, String source) {

    public StepRef {
        Objects.requireNonNull(kind, "a step needs a kind");
        if ((kind == StepKind.INGEST) != (source != null)) {
            throw new IllegalArgumentException("an INGEST step, and only it, names a source");
        }
    }

    /** The step that loads one goal source. */
    public static StepRef ingest(String source) {
        return new StepRef(StepKind.INGEST, Objects.requireNonNull(source, "an ingest step needs a source"));
    }

    /** A step of a kind that takes no typed input. */
    public static StepRef of(StepKind kind) {
        return new StepRef(kind, null);
    }

    /** The step's name in the plan, on the wire and in {@code ./dea status}. */
    public String name() {
        return kind == StepKind.INGEST ? "ingest_" + source : nameOf(kind);
    }

    /** The name of the one step of a kind that occurs once per plan (every kind but INGEST). */
    public static String nameOf(StepKind kind) {
        if (kind == StepKind.INGEST) {
            throw new IllegalArgumentException("a plan has one INGEST step per source: name it with ingest(source)");
        }
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** The agent that runs steps of this kind. */
    public AgentKind agent() {
        return switch (kind) {
            case INGEST -> AgentKind.INGESTION;
            case MODEL, INTAKE -> AgentKind.MODELING;
            case TRANSFORM, APPLY, ROLLBACK, BUILD -> AgentKind.TRANSFORM;
            case GOVERNANCE -> AgentKind.GOVERNANCE;
            case COST -> AgentKind.COST;
            case QUALITY -> AgentKind.QUALITY;
            case SCHEDULE, BACKFILL -> AgentKind.OPS;
        };
    }
}
