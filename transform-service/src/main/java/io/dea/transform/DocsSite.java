package io.dea.transform;

import io.dea.platform.agent.TaskContext;
import io.dea.platform.artifact.ArtifactStore;
import io.dea.platform.dbt.Dbt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * dbt's browsable docs of an environment, made after the apply's build and committed to main: one
 * self-contained page per environment ({@code dbt docs generate --static}), replaced by each apply, so
 * the data project carries its docs without growing a file per plan. {@code --no-compile}: the build
 * just compiled and wrote the manifest. The page holds the project's models and descriptions and the
 * warehouse's metadata (schemas, columns, types: no rows). Docs are a courtesy of the apply, never its
 * condition: whatever goes wrong is reported and the applied mart stands.
 */
final class DocsSite {

    static final List<String> GENERATE = List.of("docs", "generate", "--no-compile", "--static");

    private DocsSite() {
    }

    /** Where an environment's page lives in the data project. */
    static String path(String environment) {
        return "docs/site/" + environment + "/index.html";
    }

    /** Runs dbt for the environment as the apply's build did (the same approval or policy). */
    @FunctionalInterface
    interface DbtRun {
        Dbt.DbtResult run(List<String> args) throws Exception;
    }

    /**
     * What became of the docs: the page as {@code path@commit}, or why there is none.
     */
    record Published(String site, String notGenerated) {

        static Published failed(String why) {
            return new Published(null, why);
        }

        /** A clause for the step's summary. */
        String summary() {
            return site != null ? "; docs at " + site : "; docs not generated: " + notGenerated;
        }
    }

    /** Generates the environment's page and commits it to main, authored as the apply's merge. */
    static Published publish(TaskContext context, String environment, String author, DbtRun dbt) {
        Path project = context.workDir();
        try {
            Dbt.DbtResult generated = dbt.run(GENERATE);
            Path page = project.resolve("target/static_index.html");
            if (!generated.ok() || !Files.isRegularFile(page)) {
                return Published.failed("dbt docs generate failed: " + DbtMessage.of(generated.output(), project));
            }
            String html = Files.readString(page, StandardCharsets.UTF_8);
            String leak = MachinePaths.of(context).leakIn(html);
            if (leak != null) {
                return Published.failed("the generated page names " + leak + " of this machine, so it was not committed;"
                        + " remove that path from the models' descriptions");
            }
            String path = path(environment);
            String commit = context.tool("git.commit", ArtifactStore.MAIN + ": " + path, () -> context.artifacts().commit(
                    ArtifactStore.MAIN, Map.of(path, html), "Docs of " + environment + " after applying " + context.martName()
                            + " (approved by " + author + ")", author));
            return new Published(path + "@" + commit, null);
        } catch (Exception e) {
            return Published.failed(DbtMessage.of(String.valueOf(e.getMessage()), project));
        }
    }

    /**
     * The paths of this machine a page must not carry: the warehouse file, the data project's checkout
     * and the work directories dbt ran in. A page naming one is not committed (fail closed).
     */
    record MachinePaths(List<Named> paths) {

        record Named(String what, String path) {
        }

        static MachinePaths of(TaskContext context) {
            List<Named> paths = new ArrayList<>();
            paths.add(new Named("the warehouse file", context.warehouse().location()));
            paths.add(new Named("the data project's directory", context.artifacts().root().toString()));
            Path workRoot = context.workDir().toAbsolutePath().getParent().getParent(); // <work>/<plan>/<agent>
            paths.add(new Named("the work directory", workRoot.toString()));
            paths.add(new Named("dbt's home directory", Path.of(System.getProperty("java.io.tmpdir"), "dea-dbt-home").toString()));
            return new MachinePaths(List.copyOf(paths));
        }

        /** What the text names, in words ("the warehouse file"), or null when it names none. */
        String leakIn(String text) {
            return paths.stream().filter(p -> p.path() != null && !p.path().isBlank() && text.contains(p.path()))
                    .map(Named::what).findFirst().orElse(null);
        }
    }

    /** dbt's own words for why it failed: the line after "Encountered an error:", without colours, with the project's path left out. */
    static final class DbtMessage {

        private DbtMessage() {
        }

        static String of(String output, Path project) {
            List<String> lines = output.replaceAll("\u001B\\[[0-9;]*m", "").lines().map(String::strip).toList();
            String message = lines.stream().filter(l -> !l.isEmpty()).reduce((a, b) -> b).orElse("no output");
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).endsWith("Encountered an error:")) {
                    message = lines.get(i + 1);
                    break;
                }
            }
            return message.replace(project.toAbsolutePath() + "/", "").replace(project.toAbsolutePath().toString(), ".");
        }
    }
}
