package io.dea.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.GoalSpec;
import io.dea.orchestrator.plan.GoalValidator;
import io.dea.platform.goal.GoalYaml;
import io.dea.platform.source.PathPolicy;
import io.dea.platform.source.SourcePolicy;
import io.dea.platform.source.SourceSettings;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The orchestrator's goal check with the service's own wiring of the source policy, over real files. */
class SourceValidationTest {

    private static final String TOKEN = "dea-approver-7c1d0b";

    @TempDir
    Path dir;
    private Path home;
    private Path shop;
    private GoalValidator validator;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve("token"), TOKEN + "\n");
        shop = Files.createDirectories(dir.resolve("shop"));
        Files.writeString(shop.resolve("orders.csv"), "id,amount\n1,2.5\n");
        Files.writeString(shop.resolve("customers.json"), "{\"id\": 1, \"email\": \"a@b.c\"}\n");
        SourcePolicy policy = new SourcePolicy(SourceSettings.of(Map.of(
                "shop", SourceSettings.Connection.files(List.of(shop.toString())),
                "erp", SourceSettings.Connection.jdbc("jdbc:h2:mem:erp", null, null, Map.of())), SourceSettings.RawLocations.FILES),
                new PathPolicy(List.of(home)), InetAddress::getAllByName);
        validator = new GoalValidator(new FileSourceColumns(dir, policy), source -> policy.refusals(source, dir));
    }

    private List<String> reasons(String sources, String grain) {
        GoalSpec goal = GoalYaml.parse("goal: g\nsources:\n" + sources + "mart:\n  name: m\n  grain: [" + grain + "]\n"
                + "  measures: [{name: n, agg: count, expr: '1'}]\n");
        return validator.reasons("g1", goal);
    }

    @Test
    void shouldReadTheColumnsOfFilesInsideAConnectionsRoots() {
        assertThat(reasons("  - {name: orders, format: csv, connection: shop, location: orders.csv}\n"
                + "  - {name: customers, format: json, connection: shop, location: customers.json}\n", "orders.id, customers.id")).isEmpty();
        assertThat(reasons("  - {name: orders, format: csv, connection: shop, location: orders.csv}\n", "orders.nope"))
                .containsExactly("mart.grain[0]: unknown column orders.nope (orders has [amount, id])");
    }

    @Test
    void shouldRejectDeaHomeWithoutReadingOrQuotingTheFile() {
        List<String> reasons = reasons("  - {name: t, format: csv, location: '" + home.resolve("token") + "'}\n", "t.id");

        assertThat(reasons).containsExactly("sources[0]: source t: location " + home.resolve("token") + " is inside DEA_HOME, the "
                + "services' own files or a system directory, which no source may read; load a copy kept elsewhere");
        assertThat(String.join("\n", reasons)).as("no column name (the token) of the file").doesNotContain(TOKEN);
    }

    @Test
    void shouldRejectRawJdbcUnknownConnectionsAndPathsOutsideTheRoots() {
        assertThat(reasons("  - {name: o, format: jdbc, location: 'jdbc:h2:mem:x;INIT=RUNSCRIPT FROM ''/tmp/x''', table: o}\n", "o.id"))
                .anySatisfy(r -> assertThat(r).contains("must name a connection", "jdbc connections: [erp]"));
        assertThat(reasons("  - {name: o, format: jdbc, connection: crm, table: o}\n", "o.id"))
                .anySatisfy(r -> assertThat(r).contains("unknown connection 'crm' (connections: [erp, shop])"));
        assertThat(reasons("  - {name: o, format: csv, connection: shop, location: ../home/token}\n", "o.id"))
                .anySatisfy(r -> assertThat(r).contains("inside DEA_HOME"));
        assertThat(reasons("  - {name: o, format: jdbc, connection: erp, query: \"SELECT * FROM CSVREAD('/etc/passwd')\"}\n", "o.id"))
                .anySatisfy(r -> assertThat(r).contains("table function CSVREAD"));
        assertThat(reasons("  - {name: o, format: jdbc, connection: erp, table: orders}\n", "o.id")).isEmpty();
    }
}
