package io.dea.stack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.PlanState;
import io.dea.platform.artifact.ArtifactStore;
import io.dea.platform.warehouse.DuckDbWarehouse;
import io.dea.stack.StackFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * On a real stack: the demo goal, then the same goal under another mart name. The second plan selects
 * from the staging models the first one merged instead of writing its own, its CHANGE review's diff
 * adds no staging model and names the reused ones, and the second mart has the demo's figures.
 */
class ReusedStagingTest {

    private static final Path DEMO = Path.of("../examples/daily-revenue/goal.yaml");

    @Test
    void theDemoGoalUnderAnotherMartNameReusesTheDemosStagingModelsAndCitesThem() throws Exception {
        try (StackFixture fixture = new StackFixture()) {
            StackClient client = StackClient.of(fixture);
            PlanState demo = client.submitAndFollow(DEMO);
            assertThat(demo.getState()).as("the demo goal: %s", demo.getReason()).isEqualTo("COMPLETED");
            String yaml = Files.readString(DEMO).replace("name: daily_revenue", "name: revenue_by_day")
                    .replace("location: data/", "location: " + DEMO.toAbsolutePath().normalize().getParent().resolve("data") + "/");

            String second = client.submit(fixture.home, yaml);
            PlanState end = client.followApproving(second);

            assertThat(end.getState()).as("the goal under another mart name: %s", end.getReason()).isEqualTo("COMPLETED");
            String reused = end.getSteps().stream().filter(s -> s.getName().equals("transform")).findFirst().orElseThrow()
                    .getOutputs().get("reused");
            assertThat(reused).contains("orders <- models/daily_revenue/staging/stg_daily_revenue__orders.sql (merged in ",
                    "payments <- models/daily_revenue/staging/stg_daily_revenue__payments.sql (merged in ");
            String diff = changeReviewDiff(fixture, second);
            assertThat(diff).contains("orders <- models/daily_revenue/staging/stg_daily_revenue__orders.sql");
            assertThat(diff.lines().filter(line -> line.startsWith("diff --git ")).toList()).as("the files the change adds or alters")
                    .anyMatch(line -> line.contains("models/revenue_by_day/revenue_by_day.sql"))
                    .noneMatch(line -> line.contains("/staging/") || line.contains("stg_revenue_by_day__"));
            assertThat(new ArtifactStore(fixture.stack.files().dataProject()).files(ArtifactStore.MAIN).keySet())
                    .noneMatch(path -> path.startsWith("models/revenue_by_day/staging/"));
            assertThat(figures(fixture, "revenue_by_day")).as("the demo's figures").isEqualTo(figures(fixture, "daily_revenue"));
        }
    }

    /** The goal's CHANGE review, with its diff, as the review API shows it. */
    private static String changeReviewDiff(StackFixture fixture, String goalId) throws Exception {
        JsonNode reviews = Connections.to(fixture).reviews(false, goalId);
        String id = null;
        for (JsonNode review : reviews) {
            if (review.path("kind").asString().equals("CHANGE")) {
                id = review.path("id").asString();
            }
        }
        assertThat(id).as("a CHANGE review of " + goalId).isNotNull();
        HttpRequest request = HttpRequest.newBuilder(URI.create(fixture.stack.reviewUrl() + "/reviews/" + id))
                .header("Authorization", "Bearer " + fixture.stack.files().token()).header("Accept", "application/json").build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return StackClient.JSON.readTree(response.body()).path("diff").asString();
    }

    private static String figures(StackFixture fixture, String mart) {
        return new DuckDbWarehouse(fixture.stack.files().warehouse(), true)
                .query("SELECT order_date::DATE::VARCHAR, round(revenue, 2)::DOUBLE, order_count FROM dev." + mart + " ORDER BY 1").rows().toString();
    }
}
