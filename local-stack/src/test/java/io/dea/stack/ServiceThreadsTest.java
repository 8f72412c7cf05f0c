package io.dea.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Test;

/** The service a log line names is the one whose start made the thread, however many threads down. */
class ServiceThreadsTest {

    @Test
    void threadsMadeWhileAServiceStartsCarryItsName() throws Exception {
        ExecutorService pool = ServiceThreads.start("review-service", () -> Executors.newSingleThreadExecutor());
        try {
            assertThat(pool.submit(ServiceThreads::current).get()).isEqualTo("review-service");
            assertThat(ServiceThreads.start("cost-service", ServiceThreads::current)).isEqualTo("cost-service");
        } finally {
            pool.shutdown();
        }
        assertThat(ServiceThreads.current()).isEqualTo("stack");
    }

    @Test
    void aFailedStartFailsTheCaller() {
        assertThatThrownBy(() -> ServiceThreads.start("ops-service", () -> {
            throw new IllegalStateException("port in use");
        })).isInstanceOf(IllegalStateException.class).hasMessage("port in use");
    }
}
