package io.dea.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A file of k8s/ written from a table in the code: it must be exactly what the table gives, and the failure prints it. */
final class GeneratedFile {

    private GeneratedFile() {
    }

    static void assertIs(Path file, String expected, String source) throws IOException {
        assertThat(Files.readString(file)).as("%s must be, generated from %s:%n%s", Repo.root().relativize(file), source, expected)
                .isEqualTo(expected);
    }
}
