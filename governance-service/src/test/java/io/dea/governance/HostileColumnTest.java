package io.dea.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.platform.codegen.DbtFiles;
import io.dea.platform.codegen.DbtSql;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A PII column named with dbt code is masked by a view and tagged in YAML as inert text. */
class HostileColumnTest {

    static final String PAYLOAD = "{{ run_query(\"COPY (SELECT 42) TO '/tmp/x.csv'\") if execute is defined and execute else \"ok\" }}";

    @Test
    void maskedViewsAndTagsTakeTheNameAsData() {
        MaskedViews views = MaskedViews.of("m", List.of(new TableSample("customers", List.of(
                        new ColumnSample("id", "BIGINT", List.of()), new ColumnSample(PAYLOAD, "VARCHAR", List.of())))),
                List.of(new PiiColumn("customers", PAYLOAD, PiiKind.EMAIL, 0.9, "values like {{ this }} and {% set x %}")));

        views.files().forEach(f -> DbtFiles.check(f.path(), f.content()));
        assertThat(views.files().get(0).content()).contains(DbtSql.identifier(PAYLOAD)).doesNotContain("{{ run_query");
        AccessPolicies.of("m", "dev", List.of(new PiiColumn("customers", PAYLOAD, PiiKind.EMAIL, 0.9, "e")), views.models(), AccessPolicies.Roles.DEFAULT)
                .files().forEach(f -> DbtFiles.check(f.path(), f.content()));
    }
}
