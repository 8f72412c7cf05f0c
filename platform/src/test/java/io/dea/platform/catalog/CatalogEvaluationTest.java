package io.dea.platform.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How well search finds things, measured: queries over the demo's catalog, each with the entry a person
 * asking it wants, as words a person would use (few of them name the thing). Prints recall@3 (the
 * wanted entry among the first three) and MRR (mean of 1/rank, 0 past the first ten), which the README
 * quotes; fails when they fall below what was measured when the ranking was tuned (recall@3 1.00, MRR 0.96)
 * less a margin.
 */
class CatalogEvaluationTest {

    /** A question and the entry that answers it (any one of several names). */
    record Case(String query, List<String> wanted) {
        Case(String query, String... wanted) {
            this(query, List.of(wanted));
        }
    }

    static final List<Case> CASES = List.of(
            new Case("money customers paid", "landing.payments.amount", "dev.daily_revenue.revenue", "dev.stg_daily_revenue__payments.amount"),
            new Case("amount", "landing.payments.amount", "dev.stg_daily_revenue__payments.amount"),
            new Case("how much was paid", "landing.payments.amount", "dev.stg_daily_revenue__payments.amount"),
            new Case("revenue per day", "dev.daily_revenue", "dev.daily_revenue.revenue"),
            new Case("number of orders each day", "dev.daily_revenue.order_count"),
            new Case("when was the order placed", "landing.orders.order_date", "dev.stg_daily_revenue__orders.order_date"),
            new Case("order status", "landing.orders.status", "dev.stg_daily_revenue__orders.status"),
            new Case("returned orders", "landing.orders.status", "docs/refunds.md"),
            new Case("customer email address", "landing.customers.email"),
            new Case("customer's full name", "landing.customers.name"),
            new Case("which country the customer lives in", "landing.customers.country", "dev.stg_daily_revenue__customers.country"),
            new Case("signup date of customers", "landing.customers.signed_up", "dev.stg_daily_revenue__customers.signed_up"),
            new Case("how did they pay, card or invoice", "landing.payments.method", "dev.stg_daily_revenue__payments.method"),
            new Case("time of payment", "landing.payments.paid_at", "dev.stg_daily_revenue__payments.paid_at"),
            new Case("payments table", "landing.payments", "dev.stg_daily_revenue__payments"),
            new Case("all customers", "landing.customers", "dev.stg_daily_revenue__customers"),
            new Case("refund process", "docs/refunds.md"),
            new Case("chargebacks and disputed card payments", "docs/refunds.md"),
            new Case("how fresh must a mart be", "docs/sla.md"),
            new Case("who gets paged when data is late", "docs/sla.md"),
            new Case("personal data rules", "docs/pii-policy.md"),
            new Case("may analysts see emails", "docs/pii-policy.md", "landing.customers.email"),
            new Case("order_id", "landing.payments.order_id", "dev.stg_daily_revenue__orders.order_id", "dev.stg_daily_revenue__payments.order_id"),
            new Case("link from payment to its order", "landing.payments.order_id", "dev.stg_daily_revenue__payments.order_id"),
            new Case("last update time of an order", "landing.orders.updated_at"),
            new Case("daily revenue mart owned by analytics", "dev.daily_revenue"));

    @TempDir
    Path home;

    @Test
    void recall_at_three_and_mrr_over_the_demo_catalog() throws Exception {
        Catalog catalog = new DemoCatalog(home).build().catalog();
        int found = 0;
        double reciprocal = 0;
        for (Case c : CASES) {
            List<String> names = catalog.search(c.query(), 10).stream().map(CatalogHit::name).toList();
            int rank = 0;
            for (int i = 0; i < names.size() && rank == 0; i++) {
                rank = c.wanted().contains(names.get(i)) ? i + 1 : 0;
            }
            found += rank >= 1 && rank <= 3 ? 1 : 0;
            reciprocal += rank == 0 ? 0 : 1.0 / rank;
            System.out.printf(Locale.ROOT, "  %-45s rank %-2s top: %s%n", c.query(), rank == 0 ? "-" : rank, names.subList(0, 3));
        }
        double recall = (double) found / CASES.size();
        double mrr = reciprocal / CASES.size();
        System.out.printf(Locale.ROOT, "catalog search evaluation: %d queries, recall@3 %.2f, MRR %.2f%n", CASES.size(), recall, mrr);
        assertThat(CASES).hasSizeGreaterThanOrEqualTo(20);
        assertThat(recall).isGreaterThanOrEqualTo(0.9);
        assertThat(mrr).isGreaterThanOrEqualTo(0.85);
    }
}
