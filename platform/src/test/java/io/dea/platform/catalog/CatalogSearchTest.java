package io.dea.platform.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Ranking over the demo's catalog: meaning finds what words do not name, an exact name wins, why says what matched. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogSearchTest {

    @TempDir
    static Path home;
    DemoCatalog demo;
    long failuresBefore;

    @BeforeAll
    void build() throws Exception {
        failuresBefore = CatalogUpdates.failures();
        demo = new DemoCatalog(home).build();
    }

    @Test
    void the_agents_hooks_indexed_tables_columns_and_documents_through_the_write_gate() {
        assertThat(CatalogUpdates.failures()).isEqualTo(failuresBefore);
        List<String> names = demo.catalog().search("amount", 50).stream().map(CatalogHit::name).toList();
        assertThat(names).contains("landing.payments.amount", "dev.stg_daily_revenue__payments.amount", "dev.daily_revenue.revenue",
                "landing.payments", "dev.daily_revenue", "docs/refunds.md");
    }

    @Test
    void money_customers_paid_finds_the_payment_amount_or_the_revenue_in_the_first_three() {
        List<CatalogHit> hits = demo.catalog().search("money customers paid", 3);
        System.out.println("money customers paid -> " + hits);
        assertThat(hits).extracting(CatalogHit::name)
                .containsAnyOf("landing.payments.amount", "dev.daily_revenue.revenue", "dev.stg_daily_revenue__payments.amount");
    }

    @Test
    void an_exact_column_name_ranks_first_and_says_so() {
        CatalogHit first = demo.catalog().search("order_date", 5).get(0);
        assertThat(first.name()).endsWith(".order_date");
        assertThat(first.kind()).isEqualTo("column");
        assertThat(first.why()).startsWith("name is the query");
        assertThat(demo.catalog().search("signed_up", 1).get(0).name()).isEqualTo("landing.customers.signed_up");
    }

    @Test
    void a_document_is_found_by_its_meaning_and_named_by_its_path() {
        List<CatalogHit> hits = demo.catalog().search("what happens when a customer sends an order back", 3);
        assertThat(hits).extracting(CatalogHit::name).contains("docs/refunds.md");
        CatalogHit doc = hits.stream().filter(h -> h.name().equals("docs/refunds.md")).findFirst().orElseThrow();
        assertThat(doc.kind()).isEqualTo("document");
        assertThat(doc.why()).contains("meaning ");
    }

    @Test
    void profiles_and_tags_change_what_a_column_is_found_by_and_pii_values_never_stay() {
        assertThat(demo.catalog().search("returned", 3)).extracting(CatalogHit::name).contains("landing.orders.status");
        CatalogHit email = demo.catalog().search("email", 1).get(0);
        assertThat(email.name()).isEqualTo("landing.customers.email");
    }
}
