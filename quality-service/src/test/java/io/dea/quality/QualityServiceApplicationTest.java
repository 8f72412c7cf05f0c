package io.dea.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.platform.agent.TaskListener;
import io.dea.platform.kafka.AgentKind;
import io.dea.platform.kafka.Topics;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** The service starts from its own config file and the platform wraps its handler in the task template. */
class QualityServiceApplicationTest {

    @Test
    void shouldStartWithItsOwnConfigAndListenOnItsTaskTopic(@TempDir Path home) {
        try (ConfigurableApplicationContext context = QualityServiceApplication.start(Map.of(
                "server.port", 0,
                "dea.home", home.toString(),
                "spring.kafka.listener.auto-startup", false,
                "spring.kafka.admin.auto-create", false))) {
            assertThat(context.getEnvironment().getProperty("spring.application.name")).isEqualTo("quality-service");
            assertThat(context.getBean(TaskListener.class).getTopic()).isEqualTo(Topics.tasks(AgentKind.QUALITY));
        }
    }
}
