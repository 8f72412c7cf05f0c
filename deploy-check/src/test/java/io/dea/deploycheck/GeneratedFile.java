package io.dea.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A file of k8s/ written from a table in the code: it must be exactly what the table gives, and the failure prints it. */
final class GeneratedFile {

    private GeneratedFile() {
    }

    /** With {@code -Ddeploycheck.write=true} the file is written from the table first (then the check passes). */
    static void assertIs(Path file, String expected, String source) throws IOException {
        if (Boolean.getBoolean("deploycheck.write")) {
            Files.writeString(file, expected);
        }
        assertThat(Files.readString(file)).as("%s must be, generated from %s:%n%s", Repo.root().relativize(file), source, expected)
                .isEqualTo(expected);
    }
}
