package io.dea.platform.catalog;

import java.util.Map;

/**
 * What an agent learned about one column of a table, e.g. modeling's profile
 * ({@code profile}, {@code values}, {@code key}, {@code references}) or governance's PII tag ({@code pii}).
 *
 * @param table the qualified table, {@code landing.payments}
 */
public record ColumnFacts(String table, String column, Map<String, String> attributes) {
}
