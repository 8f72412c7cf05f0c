package io.dea.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.GoalSpec;
import io.dea.platform.testing.TestTasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Known answers for the goal's {@code timezone}: orders stamped with several offsets, near day and
 * month ends, go through the real ingest, model and transform steps and one dbt build; the same rows
 * bucketed by day and by month in UTC and in Asia/Tokyo must equal hand-written SQL that shifts each
 * instant by the zone's offset in plain arithmetic (Tokyo has no daylight saving: always +9 hours).
 */
class TimezoneBucketsTest {

    @TempDir
    static Path root;

    private static Pipeline pipeline;
    private static Path file;

    @BeforeAll
    static void buildFourMarts() throws Exception {
        file = root.resolve("data/tz_orders.csv");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                id,ordered_at,amount
                1,2024-03-31T23:30:00+02:00,10.00
                2,2024-03-31T20:00:00-05:00,20.50
                3,2024-01-31T16:00:00+00:00,5.25
                4,2024-02-15T12:00:00+01:00,7.00
                5,2024-03-01T08:59:00+09:00,1.10
                6,2024-03-01T09:00:00+09:00,2.20
                7,NA,99.00
                """);
        pipeline = new Pipeline(new TestTasks(root.resolve("home"), root), "tz-buckets");
        pipeline.ingest(goal("tz_utc_day", null, "day"));
        for (String zone : new String[] {null, "Asia/Tokyo"}) {
            for (String grain : new String[] {"day", "month"}) {
                pipeline.modelAndTransform(goal(mart(zone, grain), zone, grain), new TransformHandler());
            }
        }
        pipeline.build();
    }

    private static String mart(String zone, String grain) {
        return "tz_" + (zone == null ? "utc" : "tokyo") + "_" + grain;
    }

    private static GoalSpec goal(String mart, String zone, String grain) {
        return TestTasks.goal("goal: revenue by local " + grain + "\n" + (zone == null ? "" : "timezone: " + zone + "\n") + """
                sources:
                  - {name: tz_orders, format: csv, location: '%s', primary_key: id}
                mart:
                  name: %s
                  grain: [tz_orders.ordered_at]
                  time_grain: %s
                  measures:
                    - {name: revenue, agg: sum, expr: tz_orders.amount}
                    - {name: order_count, agg: count, expr: tz_orders.id}
                """.formatted(file, mart, grain));
    }

    /** Hand-written: the instant in microseconds plus the zone's offset, read as a wall clock, then bucketed. */
    private static String expected(int offsetHours, String grain) {
        String local = "make_timestamp(epoch_us(ordered_at) + " + offsetHours + " * 3600 * 1000000::BIGINT)";
        String bucket = grain.equals("day") ? "CAST(" + local + " AS DATE)" : "CAST(date_trunc('month', " + local + ") AS DATE)";
        return "SELECT " + bucket + " AS ordered_at, sum(CAST(amount AS DECIMAL(18,2))) AS revenue, count(id) AS order_count "
                + "FROM read_csv('" + file + "', nullstr = 'NA') GROUP BY 1";
    }

    @Test
    void shouldLandZonedTimestampsAsInstants() {
        assertThat(pipeline.scalar("SELECT data_type FROM information_schema.columns WHERE table_schema = 'landing' "
                + "AND table_name = 'tz_orders' AND column_name = 'ordered_at'")).isEqualTo("TIMESTAMP WITH TIME ZONE");
    }

    @Test
    void shouldBucketByDayAndMonthInUtcByDefault() {
        pipeline.assertSameRows("tz_utc_day", List.of("ordered_at", "revenue", "order_count"), expected(0, "day"));
        pipeline.assertSameRows("tz_utc_month", List.of("ordered_at", "revenue", "order_count"), expected(0, "month"));
        assertThat(pipeline.scalar("SELECT order_count FROM " + pipeline.schema() + ".tz_utc_month WHERE ordered_at = DATE '2024-04-01'"))
                .isEqualTo(1L);
    }

    @Test
    void shouldBucketByDayAndMonthInTheGoalsTimezone() {
        pipeline.assertSameRows("tz_tokyo_day", List.of("ordered_at", "revenue", "order_count"), expected(9, "day"));
        pipeline.assertSameRows("tz_tokyo_month", List.of("ordered_at", "revenue", "order_count"), expected(9, "month"));
        // 23:30 at +02:00 on 31 March is 06:30 on 1 April in Tokyo; 16:00 UTC on 31 January is 1 February there.
        assertThat(pipeline.scalar("SELECT order_count FROM " + pipeline.schema() + ".tz_tokyo_month WHERE ordered_at = DATE '2024-04-01'"))
                .isEqualTo(2L);
        assertThat(pipeline.scalar("SELECT count(*) FROM " + pipeline.schema() + ".tz_tokyo_day WHERE ordered_at = DATE '2024-03-01'"))
                .isEqualTo(1L);
    }
}
