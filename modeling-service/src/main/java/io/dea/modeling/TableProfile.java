package io.dea.modeling;

import java.util.List;
import java.util.Optional;

/**
 * One landing table's profile.
 *
 * @param source  the source (and landing table) name
 * @param rows    row count
 * @param columns per-column profiles, in table order
 */
public record TableProfile(String source, long rows, List<ColumnProfile> columns) {

    public Optional<ColumnProfile> column(String name) {
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
    }
}
