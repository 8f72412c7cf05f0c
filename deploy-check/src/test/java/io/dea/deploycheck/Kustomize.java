package io.dea.deploycheck;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real kustomize, built from source with the Go toolchain on first use
 * ({@code go install sigs.k8s.io/kustomize/kustomize/v5@<version>} into {@code target/kustomize-<version>}).
 * Go's module and build caches make later builds (after {@code mvn clean}) take seconds. Without Go the
 * tests fail with a message saying what to install; they never skip.
 */
final class Kustomize {

    static final String MODULE = "sigs.k8s.io/kustomize/kustomize/v5";
    private static final long INSTALL_TIMEOUT_MINUTES = 15;
    private static final long BUILD_TIMEOUT_SECONDS = 120;

    private static Path binary;

    private Kustomize() {
    }

    static String version() {
        return Repo.property("kustomize.version", "v5.7.1");
    }

    /** {@code kustomize build <dir>}: the rendered multi-document YAML. */
    static String build(Path kustomizationDir) {
        Result result = run(List.of(binary().toString(), "build", kustomizationDir.toString()), Map.of(),
                BUILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (result.exit != 0) {
            throw new IllegalStateException("kustomize build " + kustomizationDir + " failed (exit " + result.exit + "):\n"
                    + result.output);
        }
        return result.stdout;
    }

    /** The kustomize executable of {@link #version()}, built with {@code go install} if it is not there yet. */
    static synchronized Path binary() {
        if (binary != null) {
            return binary;
        }
        Path dir = Path.of(Repo.property("kustomize.dir", Repo.root().resolve("deploy-check/target/kustomize-" + version()).toString()));
        Path exe = dir.resolve(isWindows() ? "kustomize.exe" : "kustomize");
        if (!Files.isExecutable(exe) || !installedVersion(exe).contains(version())) {
            install(dir);
        }
        if (!Files.isExecutable(exe)) {
            throw new IllegalStateException("go install reported success but " + exe + " is missing");
        }
        String reported = installedVersion(exe);
        if (!reported.contains(version())) {
            throw new IllegalStateException(exe + " reports version '" + reported.trim() + "', expected " + version());
        }
        binary = exe;
        return exe;
    }

    private static void install(Path dir) {
        String go = findGo();
        String target = MODULE + "@" + version();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + dir, e);
        }
        long start = System.nanoTime();
        Map<String, String> env = new java.util.HashMap<>(Map.of("GOBIN", dir.toAbsolutePath().toString()));
        if (blank(System.getenv("HOME")) && blank(System.getenv("XDG_CACHE_HOME"))) {
            // Go keeps its module and build caches under $HOME; without one, keep them beside the binary.
            if (blank(System.getenv("GOCACHE"))) {
                env.put("GOCACHE", dir.resolve("go-cache").toAbsolutePath().toString());
            }
            if (blank(System.getenv("GOPATH"))) {
                env.put("GOPATH", dir.resolve("gopath").toAbsolutePath().toString());
            }
        }
        Result result = run(List.of(go, "install", target), env, INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        Path log = dir.resolve("go-install.log");
        try {
            Files.writeString(log, result.output, StandardCharsets.UTF_8);
        } catch (IOException ignored) {
            // the log is a convenience; the message below carries the output
        }
        if (result.exit != 0) {
            throw new IllegalStateException("`" + go + " install " + target + "` failed (exit " + result.exit + "). "
                    + "kustomize " + version() + " needs Go >= 1.22.7 (an older Go >= 1.21 fetches a newer toolchain "
                    + "itself when GOTOOLCHAIN=auto) and the Go module proxy. Output:\n" + tail(result.output, 4000));
        }
        System.out.printf("deploy-check: built kustomize %s with %s in %.1f s%n", version(), go,
                (System.nanoTime() - start) / 1e9);
    }

    /** Go from -Dgo.executable, $GO, the PATH, $GOROOT/bin or the usual install locations; a clear failure otherwise. */
    static String findGo() {
        String home = System.getProperty("user.home");
        return findGo(Repo.property("go.executable", ""), System.getenv(),
                List.of(Path.of("/usr/local/go/bin"), Path.of(home, "go", "bin"), Path.of(home, "sdk", "go", "bin")));
    }

    static String findGo(String configured, Map<String, String> env, List<Path> usualPlaces) {
        if (configured != null && !configured.isBlank()) {
            if (!Files.isRegularFile(Path.of(configured)) || !Files.isExecutable(Path.of(configured))) {
                throw new IllegalStateException("-Dgo.executable=" + configured + " is not an executable file");
            }
            return configured;
        }
        String exe = isWindows() ? "go.exe" : "go";
        List<Path> candidates = new ArrayList<>();
        String explicit = env.get("GO");
        if (explicit != null && !explicit.isBlank()) {
            candidates.add(Path.of(explicit));
        }
        String path = env.get("PATH");
        if (path != null) {
            for (String entry : path.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    candidates.add(Path.of(entry, exe));
                }
            }
        }
        String goroot = env.get("GOROOT");
        if (goroot != null && !goroot.isBlank()) {
            candidates.add(Path.of(goroot, "bin", exe));
        }
        for (Path dir : usualPlaces) {
            candidates.add(dir.resolve(exe));
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("deploy-check renders k8s/ with the real kustomize " + version()
                + ", which it builds with the Go toolchain (`go install " + MODULE + "@" + version() + "`), "
                + "but no `go` was found on the PATH, in $GO, $GOROOT/bin or " + usualPlaces + ". "
                + "Install Go >= 1.22.7 (https://go.dev/dl/) or pass -Dgo.executable=/path/to/go.");
    }

    private static String installedVersion(Path exe) {
        if (!Files.isExecutable(exe)) {
            return "";
        }
        Result result = run(List.of(exe.toString(), "version"), Map.of(), 30, TimeUnit.SECONDS);
        return result.exit == 0 ? result.stdout : "";
    }

    private record Result(int exit, String stdout, String output) {
    }

    private static Result run(List<String> command, Map<String, String> env, long timeout, TimeUnit unit) {
        try {
            Path out = Files.createTempFile("deploy-check-out", ".txt");
            Path err = Files.createTempFile("deploy-check-err", ".txt");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File(isWindows() ? "NUL" : "/dev/null")));
                builder.environment().putAll(env);
                Process process = builder.start();
                if (!process.waitFor(timeout, unit)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("timed out after " + timeout + " " + unit + ": " + String.join(" ", command));
                }
                String stdout = Files.readString(out, StandardCharsets.UTF_8);
                String stderr = Files.readString(err, StandardCharsets.UTF_8);
                return new Result(process.exitValue(), stdout, stdout + stderr);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    private static String tail(String text, int max) {
        return text.length() <= max ? text : "..." + text.substring(text.length() - max);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase().startsWith("windows");
    }
}
