package io.dea.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.platform.agent.TaskHandler;
import io.dea.platform.agent.TaskListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** The service starts from its own config file with its one handler, as the local stack starts it; no broker needed. */
class GovernanceServiceApplicationTest {

    @TempDir
    Path home;

    @Test
    void shouldStartWithItsOwnConfigOneHandlerAndAPrometheusEndpoint() throws Exception {
        try (ConfigurableApplicationContext context = start()) {
            assertThat(context.getEnvironment().getProperty("spring.application.name")).isEqualTo("governance-service");
            assertThat(context.getBean(TaskHandler.class)).isInstanceOf(GovernanceHandler.class);
            assertThat(context.getBean(TaskListener.class).getTopic()).isEqualTo("dea.tasks.governance");

            String port = context.getEnvironment().getProperty("local.server.port");
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("jvm_memory_used_bytes");
        }
    }

    private ConfigurableApplicationContext start() {
        return GovernanceServiceApplication.start(Map.of(
                "server.port", 0,
                "dea.home", home.toString(),
                "spring.kafka.bootstrap-servers", "localhost:1",
                "spring.kafka.listener.auto-startup", false,
                "spring.kafka.admin.auto-create", false));
    }
}
