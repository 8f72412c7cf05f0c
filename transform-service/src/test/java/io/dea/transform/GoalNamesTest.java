package io.dea.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.StepKind;
import io.dea.platform.step.StepRef;
import java.util.HashMap;
import java.util.Map;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.testing.TestTasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Known answers for the goal's names: a grain column {@code flights.time_hour} (a timestamp whose
 * name lacks the standard's {@code _at}) is the mart column {@code time_hour}, while the staging
 * view still follows the naming standard; two grain columns of one name are told apart by source.
 */
class GoalNamesTest {

    @TempDir
    static Path root;

    private static Pipeline pipeline;
    private static Path flights;
    private static TaskOutcome hourly;
    private static TaskOutcome routes;

    @BeforeAll
    static void buildTwoMarts() throws Exception {
        flights = root.resolve("data/flights.csv");
        Path airports = root.resolve("data/airports.csv");
        Files.createDirectories(flights.getParent());
        StringBuilder csv = new StringBuilder("id,time_hour,origin,dest,distance\n");
        String[] codes = {"JFK", "LGA", "EWR"};
        for (int i = 0; i < 60; i++) {
            csv.append(i + 1).append(",2013-01-01 ").append(String.format("%02d", 5 + i % 7)).append(":00:00,")
                    .append(codes[i % 3]).append(',').append(codes[(i + 1) % 3]).append(',').append(100 + i * 7).append('\n');
        }
        Files.writeString(flights, csv);
        Files.writeString(airports, "origin,name\nJFK,Kennedy\nLGA,LaGuardia\nEWR,Newark\n");
        pipeline = new Pipeline(new TestTasks(root.resolve("home"), root), "goal-names");
        GoalSpec first = goal("flights_by_hour", "[flights.time_hour]", airports);
        pipeline.ingest(first);
        hourly = pipeline.modelAndTransform(first, new TransformHandler());
        routes = pipeline.modelAndTransform(goal("flights_by_origin", "[flights.origin, airports.origin]", airports), new TransformHandler());
        pipeline.build();
    }

    private static GoalSpec goal(String mart, String grain, Path airports) {
        return TestTasks.goal("""
                goal: flights by %s
                sources:
                  - {name: flights, format: csv, location: '%s', primary_key: id}
                  - {name: airports, format: csv, location: '%s', primary_key: origin}
                relationships: ['flights.origin -> airports.origin']
                mart:
                  name: %s
                  grain: %s
                  measures:
                    - {name: miles, agg: sum, expr: flights.distance}
                    - {name: flight_count, agg: count, expr: flights.id}
                """.formatted(mart, flights, airports, mart, grain));
    }

    @Test
    void shouldNameTheMartsGrainColumnAsTheGoalDoes() {
        pipeline.assertSameRows("flights_by_hour", List.of("time_hour", "miles", "flight_count"),
                "SELECT time_hour, sum(distance) AS miles, count(id) AS flight_count FROM read_csv('" + flights + "') GROUP BY 1");
        assertThat(pipeline.scalar("SELECT count(*) FROM information_schema.columns WHERE table_schema = '" + pipeline.schema()
                + "' AND table_name = 'flights_by_hour' AND column_name = 'time_hour_at'")).isEqualTo(0L);
    }

    @Test
    void shouldKeepTheNamingStandardInStagingAndSayWhereTheMartDiffers() {
        assertThat(pipeline.scalar("SELECT count(*) FROM information_schema.columns WHERE table_schema = '" + pipeline.schema()
                + "' AND table_name = 'stg_flights_by_hour__flights' AND column_name = 'time_hour_at'")).isEqualTo(1L);
        assertThat(hourly.summary()).contains("Names: grain flights.time_hour keeps the goal's name time_hour in the mart "
                + "(staging names it time_hour_at)");
    }

    @Test
    void shouldShowTheReviewerOfTheChangeWhereTheMartNamesAColumnUnlikeStaging() throws Exception {
        Map<String, String> inputs = new HashMap<>();
        hourly.outputs().forEach((k, v) -> inputs.put("transform." + k, v));
        GoalSpec goal = goal("flights_by_hour", "[flights.time_hour]", root.resolve("data/airports.csv"));

        TaskOutcome proposed = new TransformHandler().handle(pipeline.tasks.context(
                pipeline.tasks.task(pipeline.planId, StepRef.of(StepKind.APPLY), "transform", goal, inputs)));

        String rename = "grain flights.time_hour keeps the goal's name time_hour in the mart (staging names it time_hour_at)";
        assertThat(hourly.outputs()).containsEntry("renamed_columns", rename);
        assertThat(proposed.review().kind()).isEqualTo("CHANGE");
        assertThat(proposed.review().summary()).startsWith("Apply flights_by_hour to ").endsWith("; mart names: " + rename);
        assertThat(proposed.review().diff()).startsWith("documents the plan's steps followed (path@blob, as on the plan's branch):\n  naming.yml@")
                .contains("\n\nmart columns named unlike staging (naming standard):\n  " + rename + "\n\ndiff --git")
                .contains("diff --git");
    }

    @Test
    void shouldPrefixGrainColumnsOfOneNameWithTheirSourceAndSaySo() {
        pipeline.assertSameRows("flights_by_origin", List.of("flights_origin", "airports_origin", "miles", "flight_count"),
                "SELECT origin AS flights_origin, origin AS airports_origin, sum(distance) AS miles, count(id) AS flight_count FROM read_csv('"
                        + flights + "') GROUP BY 1");
        assertThat(routes.summary()).contains("grain flights.origin is mart column flights_origin (another grain column has the same name)",
                "grain airports.origin is mart column airports_origin");
    }
}
