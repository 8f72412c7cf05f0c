package io.dea.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.platform.codegen.DbtFiles;
import io.dea.platform.codegen.DbtSql;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A landing column named with dbt code is selected by a quoted, Jinja-inert identifier in the staging view. */
class HostileStagingTest {

    @Test
    void aColumnNamedLikeDbtCodeIsStagedAsData() {
        String column = "{{ run_query(\"COPY (SELECT 42) TO '/tmp/x'\") }}";
        LandingColumns columns = new LandingColumns(Map.of("notes", Map.of(column.toLowerCase(java.util.Locale.ROOT),
                new LandingColumns.Column(column, "VARCHAR", 2, false))), Map.of("notes", 9L));
        Staging staging = new Staging("m", columns, List.of("notes"), null, null);

        Staging.Model model = staging.render("notes", Set.of());

        DbtFiles.check(model.path(), model.sql());
        assertThat(model.sql()).contains(DbtSql.qualified("src", column)).doesNotContain("{{ run_query");
    }
}
