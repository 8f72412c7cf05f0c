package io.dea.platform.step;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.StepKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/agents.md's outputs column lists exactly the keys each step's outputs record writes. */
class AgentsDocTest {

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern KEY = Pattern.compile("[a-z][a-z_]*");

    @Test
    void everyStepsDocumentedOutputsAreTheKeysOfItsRecord() throws Exception {
        Map<StepKind, Set<String>> documented = documented(Files.readString(Path.of("../docs/agents.md")));

        assertThat(documented.keySet()).as("a row per step kind").containsExactlyInAnyOrder(StepKind.values());
        for (StepKind kind : StepKind.values()) {
            assertThat(documented.get(kind)).as("outputs of %s in docs/agents.md", kind)
                    .containsExactlyInAnyOrderElementsOf(StepOutputs.keys(StepOutputs.type(kind)));
        }
    }

    /** The step table's rows: the step (its first code span) and the plain keys of its last cell. */
    private static Map<StepKind, Set<String>> documented(String doc) {
        Map<StepKind, Set<String>> rows = new EnumMap<>(StepKind.class);
        for (String line : doc.lines().filter(l -> l.startsWith("| `")).toList()) {
            String[] cells = line.split("(?<!\\\\)\\|");
            Matcher step = CODE.matcher(cells[1]);
            if (!step.find() || cells.length < 6) {
                continue;
            }
            String name = step.group(1);
            StepKind kind = name.startsWith("ingest_") ? StepKind.INGEST : StepKind.valueOf(name.toUpperCase(Locale.ROOT));
            Set<String> keys = new LinkedHashSet<>();
            Matcher code = CODE.matcher(cells[cells.length - 1]);
            while (code.find()) {
                if (KEY.matcher(code.group(1)).matches()) {
                    keys.add(code.group(1));
                }
            }
            rows.put(kind, keys);
        }
        return rows;
    }
}
