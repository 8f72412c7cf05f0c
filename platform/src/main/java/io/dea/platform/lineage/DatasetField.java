package io.dea.platform.lineage;

/** A column of a dataset and its type as the warehouse (or dbt's manifest) names it. */
public record DatasetField(String name, String type) {
}
