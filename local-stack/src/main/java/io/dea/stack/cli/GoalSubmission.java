package io.dea.stack.cli;

import io.dea.events.v1.GoalRequested;
import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.SourceSpec;
import io.dea.platform.goal.GoalYaml;
import io.dea.platform.kafka.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Publishes a goal file to the request topic under a new goal id. */
final class GoalSubmission {

    private GoalSubmission() {
    }

    /** Reads the YAML, makes relative file locations absolute (relative to the YAML), publishes. */
    static String submit(StackConnection stack, Path goalFile) throws Exception {
        GoalSpec spec = read(goalFile);
        String goalId = "g-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now())
                + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        GoalRequested request = new GoalRequested(goalId, System.getProperty("user.name", "someone"), Instant.now(), spec);
        stack.publish(Topics.GOAL_REQUESTS, goalId, request);
        return goalId;
    }

    /** A goal file read as submit reads it: parsed, its relative file locations made absolute. */
    static GoalSpec read(Path goalFile) throws Exception {
        if (!Files.isRegularFile(goalFile)) {
            throw new CliException("no goal file at " + goalFile);
        }
        return resolveFiles(GoalYaml.parse(Files.readString(goalFile)), goalFile.toAbsolutePath().getParent());
    }

    private static GoalSpec resolveFiles(GoalSpec spec, Path base) {
        if (spec.getSources() == null) {
            return spec;
        }
        List<SourceSpec> sources = new ArrayList<>();
        for (SourceSpec s : spec.getSources()) {
            // A path inside a connection is relative to the connection's roots, not to the goal file.
            boolean file = Set.of("csv", "json", "parquet").contains(s.getFormat()) && s.getConnection() == null;
            if (file && !s.getLocation().isBlank() && !s.getLocation().contains("://") && !Path.of(s.getLocation()).isAbsolute()) {
                s = SourceSpec.newBuilder(s).setLocation(base.resolve(s.getLocation()).normalize().toString()).build();
            }
            sources.add(s);
        }
        return GoalSpec.newBuilder(spec).setSources(sources).build();
    }
}
