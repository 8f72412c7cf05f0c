package io.dea.stack.cli;

import io.dea.stack.StackFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts the local stack as a background process and stops it; tells whether one is running from
 * the pid it wrote to stack.json.
 */
final class StackProcess {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);

    private final StackFiles files;

    StackProcess(StackFiles files) {
        this.files = files;
    }

    Optional<ProcessHandle> running() {
        Map<String, Object> stack = files.readStack();
        Object pid = stack.get("pid");
        if (pid == null) {
            return Optional.empty();
        }
        return ProcessHandle.of(((Number) pid).longValue()).filter(ProcessHandle::isAlive);
    }

    boolean ready() {
        return running().isPresent() && "ready".equals(files.readStack().get("state"));
    }

    /** Starts the stack unless it runs; returns once every service is healthy. */
    void up() throws IOException, InterruptedException {
        if (ready()) {
            System.out.println("the local stack is already running (" + files.home() + ")");
            return;
        }
        Optional<ProcessHandle> process = running();
        if (process.isEmpty()) {
            Files.createDirectories(files.log().getParent());
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add(System.getenv().getOrDefault("DEA_STACK_HEAP", "-Xmx2g"));
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add("io.dea.stack.LocalStack");
            command.add(files.home().toString());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(files.log().toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            process = Optional.of(builder.start().toHandle());
            System.out.println("starting the local stack under " + files.home() + " (log: " + files.log() + ")");
        }
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        long lastDot = 0;
        while (Instant.now().isBefore(deadline)) {
            if (ready()) {
                Map<String, Object> stack = files.readStack();
                System.out.println("the local stack is ready" + (stack.get("startup_seconds") == null ? ""
                        : " (started in " + stack.get("startup_seconds") + " s)"));
                return;
            }
            Thread.sleep(500);
            if (!process.get().isAlive()) {
                throw new IllegalStateException("the local stack stopped while starting; last lines of " + files.log() + ":\n" + tail());
            }
            if (System.currentTimeMillis() - lastDot > 5000) {
                lastDot = System.currentTimeMillis();
                Object state = files.readStack().get("state");
                System.out.println("  ... " + (state == null ? "starting the broker" : state));
            }
        }
        throw new IllegalStateException("the local stack did not become ready in " + START_TIMEOUT.toSeconds() + " s; see " + files.log()
                + ":\n" + tail());
    }

    /** Stops the stack and waits for it to end. */
    boolean down() throws InterruptedException {
        Optional<ProcessHandle> process = running();
        if (process.isEmpty()) {
            return false;
        }
        process.get().destroy();
        Instant deadline = Instant.now().plusSeconds(90);
        while (process.get().isAlive() && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        if (process.get().isAlive()) {
            process.get().destroyForcibly();
        }
        return true;
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(files.log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
