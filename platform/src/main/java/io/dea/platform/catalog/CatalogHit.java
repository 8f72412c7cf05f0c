package io.dea.platform.catalog;

/**
 * One search result: its kind, its qualified name ({@code landing.payments.amount},
 * {@code dev.daily_revenue.revenue}, {@code docs/refunds.md}), a score (higher is better; keyword and
 * meaning added, see {@link CatalogRanking}) and why it matched, in words.
 */
public record CatalogHit(String kind, String name, double score, String why) {
}
