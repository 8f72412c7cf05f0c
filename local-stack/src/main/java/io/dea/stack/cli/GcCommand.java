package io.dea.stack.cli;

import io.dea.events.v1.PlanState;
import io.dea.ops.lifecycle.Cleaner;
import io.dea.ops.lifecycle.PlanEnd;
import io.dea.ops.lifecycle.Removal;
import io.dea.ops.lifecycle.Retention;
import io.dea.platform.artifact.ArtifactStore;
import io.dea.platform.warehouse.DuckDbWarehouse;
import io.dea.stack.StackFiles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.boot.convert.DurationStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./dea gc}: what ended plans left (sandbox schemas, branches, rollback copies past their
 * retention), listed and removed with the ops agent's own rules and write scope. It needs the running
 * stack, because which plans ended is in the plan-state topic. It then works on the files itself:
 * every process opens the warehouse only for one call and only under the lock file beside it
 * ({@link DuckDbWarehouse}), so this command takes its turn like a service does and DuckDB never
 * sees two writers; a branch is deleted with Git's own ref lock.
 */
@Command(name = "gc", description = "List and remove what ended plans left: sandbox schemas, plan branches, rollback copies past "
        + "their retention (DEA_LIFECYCLE_ROLLBACK_RETENTION, default 7d). One line per item.")
final class GcCommand implements Callable<Integer> {

    static final Duration DEFAULT_ROLLBACK_RETENTION = Duration.ofDays(7);

    @Option(names = "--dry-run", description = "Only list what would be removed.")
    boolean dryRun;

    @Override
    public Integer call() {
        Map<String, PlanState> plans = CliStack.connect().planStates();
        List<String> lines = new ArrayList<>();
        boolean clean = gc(plans, CliStack.files(), rollbackRetention(System.getenv()), dryRun, lines);
        lines.forEach(System.out::println);
        return clean ? 0 : 1;
    }

    /** Lists (and unless dry, removes) what is left; false when a removal failed (it says why). */
    static boolean gc(Map<String, PlanState> plans, StackFiles files, Duration rollbackRetention, boolean dryRun, List<String> out) {
        Cleaner cleaner = new Cleaner(new DuckDbWarehouse(files.warehouse()), new ArtifactStore(files.dataProject()));
        List<Removal> due = cleaner.eligible(ends(plans), Retention.forGc(rollbackRetention), Instant.now());
        if (dryRun) {
            due.forEach(r -> out.add("would remove " + r.line()));
            return true;
        }
        boolean clean = true;
        for (Cleaner.Outcome outcome : cleaner.remove(due)) {
            clean &= outcome.error() == null;
            out.add((outcome.error() == null ? "removed " : "FAILED to remove ") + outcome.removal().line()
                    + (outcome.error() == null ? "" : " - " + outcome.error()));
        }
        return clean;
    }

    static Map<String, PlanEnd> ends(Map<String, PlanState> plans) {
        Map<String, PlanEnd> ends = new LinkedHashMap<>();
        plans.forEach((id, state) -> ends.put(id, new PlanEnd(id, state.getState(), state.getUpdatedAt())));
        return ends;
    }

    /** The same variable the ops agent's {@code dea.lifecycle.rollback-retention} reads. */
    static Duration rollbackRetention(Map<String, String> env) {
        String value = env.get("DEA_LIFECYCLE_ROLLBACK_RETENTION");
        if (value == null || value.isBlank()) {
            return DEFAULT_ROLLBACK_RETENTION;
        }
        try {
            return DurationStyle.detectAndParse(value.strip());
        } catch (IllegalArgumentException e) {
            throw new CliException("DEA_LIFECYCLE_ROLLBACK_RETENTION: '" + value + "' is not a duration (e.g. 7d, 12h)");
        }
    }
}
