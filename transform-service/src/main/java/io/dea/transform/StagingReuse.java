package io.dea.transform;

import io.dea.platform.artifact.ArtifactStore;
import io.dea.platform.goal.Identifiers;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Staging models other marts merged on main that a new mart selects from instead of writing a second
 * staging model of the same landing table. A file qualifies only when it is exactly what this mart's
 * staging would be had that mart written it (same landing table, columns, names and casts), and the
 * plan's branch holds it unchanged, so dbt finds it when it compiles and builds the branch. Identical
 * by construction, a build of the new mart that builds it too changes nothing the other mart reads.
 */
final class StagingReuse {

    private static final Pattern STAGING_FILE = Pattern.compile("models/([A-Za-z0-9_]+)/staging/([A-Za-z0-9_]+)\\.sql");
    private static final int SHORT_ID = 10;

    /** One reused staging model: the source, the model, its file and the commit that merged it on main. */
    record Reused(String source, String model, String path, String mergedIn) {

        /** The cited line of the transform's {@code reused} output. */
        String line() {
            String commit = mergedIn == null ? "(unknown commit)" : mergedIn.substring(0, Math.min(SHORT_ID, mergedIn.length()));
            return source + " <- " + path + " (merged in " + commit + ")";
        }
    }

    private final ArtifactStore store;
    private final String mart;
    private final Map<String, String> main;
    private final Map<String, String> branch;

    private StagingReuse(ArtifactStore store, String mart, Map<String, String> main, Map<String, String> branch) {
        this.store = store;
        this.mart = mart;
        this.main = main;
        this.branch = branch;
    }

    /** The staging files of main and of the plan's branch (main's when the branch is not there yet). */
    static StagingReuse of(ArtifactStore store, String planBranch, String mart) {
        Map<String, String> main = new TreeMap<>(store.files(ArtifactStore.MAIN));
        Map<String, String> branch = store.branchExists(planBranch) ? store.files(planBranch) : main;
        return new StagingReuse(store, mart, main, branch);
    }

    /**
     * Another mart's staging model this mart can select the source from, the first by path.
     *
     * @param sqlAs the SQL this mart's staging of the source would have, written by the given mart
     */
    Optional<Reused> find(String source, UnaryOperator<String> sqlAs) {
        for (Map.Entry<String, String> file : main.entrySet()) {
            Matcher m = STAGING_FILE.matcher(file.getKey());
            if (!m.matches() || m.group(1).equals(mart) || !Identifiers.isSafe(m.group(2))) {
                continue; // this mart's own files are written anew
            }
            String content = file.getValue();
            if (content.equals(branch.get(file.getKey())) && content.equals(sqlAs.apply(m.group(1)))) {
                return Optional.of(new Reused(source, m.group(2), file.getKey(), store.lastChange(ArtifactStore.MAIN, file.getKey())));
            }
        }
        return Optional.empty();
    }

    boolean onBranch(String path) {
        return branch.containsKey(path);
    }
}
