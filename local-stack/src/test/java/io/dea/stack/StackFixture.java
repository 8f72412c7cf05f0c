package io.dea.stack;

import io.dea.platform.testing.TestTasks;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real local stack (broker, registry, every service) for a whole test class, under a fresh
 * DEA_HOME, on free ports, with Kafka authorization on (as {@code ./dea up} runs it).
 */
public final class StackFixture implements AutoCloseable {

    public final Path home;
    private final LocalStack.Settings settings;
    public LocalStack stack;

    public StackFixture() throws Exception {
        this(null);
    }

    /**
     * A stack whose submitter logs in with this password (null: generated). Every stack takes only
     * SASL/SCRAM logins and authorizes by ACL; each service is its own principal.
     */
    public StackFixture(KafkaScram scram) throws Exception {
        home = Files.createTempDirectory("dea-e2e");
        int kafka = freePortPair();
        settings = new LocalStack.Settings(kafka, freePort(), freePort(), TestTasks.dbtExecutable(),
                Path.of(".").toAbsolutePath(), scram);
        stack = new LocalStack(home, settings);
        stack.start();
    }

    /** Stops everything, the broker included, and starts it again on the same data directory and ports. */
    public void restart() throws Exception {
        stack.close();
        stack = new LocalStack(home, settings);
        stack.start();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A free port whose next port is free too (the broker's controller listens there). */
    static int freePortPair() throws IOException {
        for (int i = 0; i < 50; i++) {
            int port = freePort();
            try (ServerSocket next = new ServerSocket(port + 1)) {
                return port;
            } catch (IOException busy) {
                // try another
            }
        }
        throw new IOException("no two free consecutive ports");
    }

    /** Stops everything and removes the stack's home (broker log, warehouse, data project): a suite leaves nothing behind. */
    @Override
    public void close() {
        stack.close();
        try {
            org.springframework.util.FileSystemUtils.deleteRecursively(home);
        } catch (IOException e) {
            System.err.println("could not remove " + home + ": " + e.getMessage());
        }
    }
}
