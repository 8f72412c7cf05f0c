package io.dea.governance;

import io.dea.platform.kafka.AgentKind;
import io.dea.platform.testing.AgentServiceCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service starts on its own from its own config file, with its one handler and a Prometheus endpoint. */
class GovernanceServiceApplicationTest {

    @Test
    void shouldStartAloneWithItsOwnConfigItsHandlerOnItsTopicAndMetrics(@TempDir Path home) throws Exception {
        AgentServiceCheck.startsAlone(GovernanceServiceApplication::start, "governance-service", AgentKind.GOVERNANCE, GovernanceHandler.class, home);
    }
}
