package io.dea.platform.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dea.events.v1.SourceSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class SourcePolicyTest {

    private final SourcePolicy policy = new SourcePolicy(SourceSettings.of(Map.of(
            "erp", SourceSettings.Connection.jdbc("jdbc:h2:mem:erp", "reader", "pw", Map.of()),
            "shop", SourceSettings.Connection.http("https://api.shop.example/v1", Map.of(), List.of(), false),
            "files", SourceSettings.Connection.files(List.of("/data"))), SourceSettings.RawLocations.FILES),
            new PathPolicy(List.of()), h -> null);

    private static SourceSpec source(String format, String location, String connection, String table, String query) {
        return SourceSpec.newBuilder().setName("orders").setFormat(format).setLocation(location).setConnection(connection)
                .setTable(table).setQuery(query).build();
    }

    @Test
    void shouldRefuseAnUnknownConnectionNamingTheKnownOnes() {
        assertThat(policy.refusals(source("jdbc", "", "crm", "orders", null), Path.of(".")))
                .containsExactly("source orders: unknown connection 'crm' (connections: [erp, files, shop])");
    }

    @Test
    void shouldRefuseAConnectionOfTheWrongKind() {
        assertThat(policy.refusals(source("csv", "orders.csv", "erp", null, null), Path.of("."))).singleElement()
                .satisfies(r -> assertThat(r).contains("connection 'erp' is of kind jdbc", "files connections: [files]"));
    }

    @Test
    void shouldRefuseRawJdbcAndHttpEvenWhereRawFilesAreAllowed() {
        assertThat(policy.refusals(source("jdbc", "jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'x'", null, "orders", null), Path.of(".")))
                .singleElement().satisfies(r -> assertThat(r).contains("must name a connection", "jdbc connections: [erp]"));
        assertThat(policy.refusals(source("http", "http://127.0.0.1:8081/subjects", null, null, null), Path.of(".")))
                .singleElement().satisfies(r -> assertThat(r).contains("must name a connection", "http connections: [shop]"));
    }

    @Test
    void shouldCheckTheQueryOfAJdbcSource() throws Exception {
        assertThat(policy.jdbc(source("jdbc", "", "erp", null, "SELECT id FROM orders")).from()).isEqualTo("(SELECT id FROM orders) src");
        assertThat(policy.jdbc(source("jdbc", "", "erp", "sales.orders", null)).target().url()).isEqualTo("jdbc:h2:mem:erp;IFEXISTS=TRUE");
        assertThatThrownBy(() -> policy.jdbc(source("jdbc", "", "erp", null, "SELECT * FROM CSVREAD('/etc/passwd')")))
                .hasMessageStartingWith("source orders: query refused");
        assertThatThrownBy(() -> policy.jdbc(source("jdbc", "jdbc:h2:mem:other", "erp", "orders", null)))
                .hasMessageContaining("takes no location");
    }

    @Test
    void shouldGiveEqualIdentitiesToTheSameDataOnly() {
        assertThat(SourcePolicy.identity(source("jdbc", "", "erp", "orders", null)))
                .isEqualTo(SourcePolicy.identity(source("jdbc", " ", "erp", " orders ", null)))
                .isNotEqualTo(SourcePolicy.identity(source("jdbc", "", "erp", "customers", null)))
                .isNotEqualTo(SourcePolicy.identity(source("jdbc", "", "crm", "orders", null)));
        assertThat(SourcePolicy.identity(source("csv", "a.csv", null, null, null))).isEqualTo("raw:csv:a.csv");
    }

    @Test
    void shouldBindConnectionsAndDefaultToNoRawLocations() {
        SourceSettings bound = new Binder(new MapConfigurationPropertySource(Map.of(
                "dea.connections.erp.kind", "jdbc", "dea.connections.erp.url", "jdbc:h2:/data/erp",
                "dea.connections.erp.password", "s3cret", "dea.connections.api.kind", "http",
                "dea.connections.api.base-url", "https://api.example/v1", "dea.connections.api.headers.Authorization", "Bearer t",
                "dea.connections.api.allowed-hosts[0]", "cdn.example", "dea.connections.api.allow-private-addresses", "true")))
                .bindOrCreate("dea", SourceSettings.class);

        assertThat(bound.sources().rawLocations()).isEqualTo(SourceSettings.RawLocations.NONE);
        assertThat(bound.connections().get("erp").kind()).isEqualTo(SourceSettings.Kind.JDBC);
        assertThat(bound.connections().get("api").headers()).containsEntry("Authorization", "Bearer t");
        assertThat(bound.connections().get("api").allowedHosts()).containsExactly("cdn.example");
        assertThat(bound.connections().get("api").allowPrivateAddresses()).isTrue();
        assertThat(bound.connections().toString()).doesNotContain("s3cret", "Bearer t");
    }
}
