package io.dea.platform.lineage;

import java.util.Locale;

/**
 * A dataset of the lineage graph, as the events name it (namespace + name; see {@link DatasetRef}),
 * and the name a person reads and types: {@code schema.table} for a warehouse relation, the path of a
 * file, the URL of an HTTP source, {@code <redacted JDBC URL>#<table>} for a JDBC table.
 */
public record LineageGraphNode(String namespace, String name) {

    /** What a node is; {@code model} and {@code table} are both warehouse relations (dbt built the former). */
    public enum Kind {
        MODEL, TABLE, FILE, URL, JDBC;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final String WAREHOUSE = "duckdb://";
    private static final String SANDBOX = "sandbox_";

    public LineageGraphNode {
        namespace = namespace == null ? "" : namespace;
        name = name == null ? "" : name;
    }

    public boolean inWarehouse() {
        return namespace.startsWith(WAREHOUSE);
    }

    /** A plan's private schema ({@code sandbox_<plan>}): its working copies, not the platform's tables. */
    public boolean inSandbox() {
        return inWarehouse() && name.toLowerCase(Locale.ROOT).startsWith(SANDBOX);
    }

    /** The kind of a node outside the warehouse, from its namespace; a warehouse relation is a table unless dbt built it. */
    public Kind kind(boolean builtByDbt) {
        if (inWarehouse()) {
            return builtByDbt ? Kind.MODEL : Kind.TABLE;
        }
        if (namespace.equals("file")) {
            return Kind.FILE;
        }
        if (namespace.startsWith("jdbc:")) {
            return Kind.JDBC;
        }
        return namespace.contains("://") ? Kind.URL : Kind.FILE;
    }

    /** The name shown and typed. */
    public String displayName() {
        if (inWarehouse() || namespace.equals("file")) {
            return name;
        }
        if (namespace.startsWith("jdbc:")) {
            return namespace + "#" + name;
        }
        return namespace + name;
    }

    /** The last part of the name: the table of {@code schema.table}, a file's name, a JDBC table. */
    public String shortName() {
        String shown = displayName();
        int cut = inWarehouse() ? shown.lastIndexOf('.')
                : namespace.startsWith("jdbc:") ? shown.lastIndexOf('#') : shown.lastIndexOf('/');
        return shown.substring(cut + 1);
    }
}
