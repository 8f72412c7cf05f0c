package io.dea.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.platform.agent.TaskHandler;
import io.dea.platform.agent.TaskListener;
import io.dea.platform.kafka.AgentKind;
import io.dea.platform.kafka.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What every agent service must do when started on its own (as the local stack or a pod starts it):
 * read its own config file, wrap its one handler in the task template on its own topic, and serve
 * Prometheus metrics. No broker is needed: the listener does not start.
 */
public final class AgentServiceCheck {

    private AgentServiceCheck() {
    }

    public static void startsAlone(Function<Map<String, Object>, ConfigurableApplicationContext> start, String name,
                                   AgentKind kind, Class<? extends TaskHandler> handler, Path home) throws Exception {
        try (ConfigurableApplicationContext context = start.apply(Map.of(
                "server.port", 0,
                "dea.home", home.toString(),
                "spring.kafka.bootstrap-servers", "localhost:1",
                "spring.kafka.listener.auto-startup", false,
                "spring.kafka.admin.auto-create", false))) {
            assertThat(context.getEnvironment().getProperty("spring.application.name")).isEqualTo(name);
            assertThat(context.getBean(TaskHandler.class)).isInstanceOf(handler);
            assertThat(context.getBean(TaskListener.class).getTopic()).isEqualTo(Topics.tasks(kind));

            String port = context.getEnvironment().getProperty("local.server.port");
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("jvm_memory_used_bytes");
        }
    }
}
