package io.dea.modeling.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A schema the intake is evaluated over: its name and its tables as CSV lines. The demo shop's tables are
 * read from examples/daily-revenue/data and land from there; the generated ones are written into the
 * test's directory first.
 */
record EvalSchema(String name, Optional<Path> files, List<Table> tables) {

    /** A table as the CSV file a source would export: a header and its rows. */
    record Table(String name, String header, List<String> rows) {
    }

    static EvalSchema generated(String name, Table... tables) {
        return new EvalSchema(name, Optional.empty(), List.of(tables));
    }

    /** A schema whose CSVs already exist in {@code dir}, one {@code <table>.csv} a table. */
    static EvalSchema ofFiles(String name, Path dir, List<String> tables) {
        List<Table> read = new ArrayList<>();
        for (String table : tables) {
            List<String> lines = lines(dir.resolve(table + ".csv"));
            read.add(new Table(table, lines.get(0), lines.subList(1, lines.size())));
        }
        return new EvalSchema(name, Optional.of(dir), List.copyOf(read));
    }

    List<String> tableNames() {
        return tables.stream().map(Table::name).toList();
    }

    /** Where the schema's CSVs are: their own directory, or {@code home/<name>} after writing them there. */
    Path land(Path home) {
        return files.orElseGet(() -> write(home.resolve(name)));
    }

    private Path write(Path dir) {
        try {
            Files.createDirectories(dir);
            for (Table t : tables) {
                List<String> lines = new ArrayList<>(List.of(t.header()));
                lines.addAll(t.rows());
                Files.write(dir.resolve(t.name() + ".csv"), lines);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
