package io.dea.platform.catalog;

import java.util.Locale;

/** What a catalog entry describes; {@code ./dea search --json} writes it in lower case. */
public enum CatalogKind {
    TABLE, COLUMN, DOCUMENT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CatalogKind of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
