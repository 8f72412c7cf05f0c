package io.dea.transform;

import io.dea.platform.kafka.AgentKind;
import io.dea.platform.testing.AgentServiceCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service starts on its own from its own config file, with its one handler and a Prometheus endpoint. */
class TransformServiceApplicationTest {

    @Test
    void shouldStartAloneWithItsOwnConfigItsHandlerOnItsTopicAndMetrics(@TempDir Path home) throws Exception {
        AgentServiceCheck.startsAlone(TransformServiceApplication::start, "transform-service", AgentKind.TRANSFORM, TransformHandler.class, home);
    }
}
