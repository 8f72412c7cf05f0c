package io.dea.governance;

import io.dea.platform.agent.ArtifactFile;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.codegen.DbtSql;
import io.dea.platform.codegen.Yaml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dbt files that hide PII: one view per landing table with PII,
 * {@code models/<mart>/governance/<mart>_<source>_masked.sql}, selecting every column of the landing table
 * with the PII columns masked, and {@code models/<mart>/governance/pii.yml} tagging each masked
 * column with {@code meta: {pii: <kind>, confidence: x}}, so catalogs and policy tooling can find
 * them. Pure text generation; whether it builds is dbt's judgement.
 *
 * @param files  the files to commit, the views first
 * @param models the masked view model names, in table order
 */
public record MaskedViews(List<ArtifactFile> files, List<String> models) {

    /** The artifact kind of a masked view model. */
    public static final String VIEW_KIND = "masked_view";
    /** The artifact kind of the yml tagging PII columns. */
    public static final String TAGS_KIND = "dbt_pii_tags";

    public static String directory(String mart) {
        return DataProject.modelDir(mart) + "/governance";
    }

    /** Named after the mart too: dbt model names are global, and two marts may read the same source. */
    public static String modelName(String mart, String table) {
        return mart + "_" + table + "_masked";
    }

    /** Views for the tables that have PII; tables without any are left out. */
    public static MaskedViews of(String mart, List<TableSample> tables, List<PiiColumn> pii) {
        Map<String, Map<String, PiiColumn>> byTable = new LinkedHashMap<>();
        for (PiiColumn column : pii) {
            byTable.computeIfAbsent(column.table(), t -> new LinkedHashMap<>()).put(column.column(), column);
        }
        List<ArtifactFile> files = new ArrayList<>();
        List<String> models = new ArrayList<>();
        List<Object> modelDocs = new ArrayList<>();
        for (TableSample table : tables) {
            Map<String, PiiColumn> masked = byTable.get(table.table());
            if (masked == null || masked.isEmpty()) {
                continue;
            }
            String model = modelName(mart, table.table());
            models.add(model);
            files.add(new ArtifactFile(VIEW_KIND, directory(mart) + "/" + model + ".sql", viewSql(mart, table, masked)));
            List<Object> columnDocs = new ArrayList<>();
            for (PiiColumn column : masked.values()) {
                Map<String, Object> meta = new LinkedHashMap<>();
                meta.put("pii", column.kind().id());
                meta.put("confidence", Double.valueOf(String.format(Locale.ROOT, "%.2f", column.confidence())));
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("name", column.column());
                c.put("description", column.kind().id() + ", masked; found by " + column.evidence());
                c.put("meta", meta);
                columnDocs.add(c);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", model);
            m.put("description", "landing." + table.table() + " with its PII columns masked (" + String.join(", ", masked.keySet()) + ")");
            m.put("columns", columnDocs);
            modelDocs.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", 2);
        doc.put("models", modelDocs);
        // Column names and evidence come from data: Yaml.dbt quotes them and makes them Jinja-inert.
        String yml = "# PII found by the governance agent; each tagged column is masked in its view.\n" + Yaml.dbt(doc);
        files.add(new ArtifactFile(TAGS_KIND, directory(mart) + "/pii.yml", yml));
        return new MaskedViews(files, models);
    }

    /** What a reviewer reads: the tagged columns, then every file as it would be committed. */
    public String reviewText(List<PiiColumn> pii) {
        StringBuilder text = new StringBuilder("PII columns (table.column: kind, confidence; evidence)\n");
        for (PiiColumn column : pii) {
            text.append("  ").append(column.qualified()).append(": ").append(column.kind().id()).append(", ")
                    .append(String.format(Locale.ROOT, "%.2f", column.confidence())).append("; ")
                    .append(column.evidence()).append('\n');
        }
        for (ArtifactFile file : files) {
            text.append("\n--- ").append(file.path()).append('\n').append(file.content());
        }
        return text.toString();
    }

    private static String viewSql(String mart, TableSample table, Map<String, PiiColumn> masked) {
        StringBuilder sql = new StringBuilder("{{ config(materialized='view') }}\n")
                .append("-- landing.").append(table.table()).append(" with PII masked, proposed by the governance agent.\n")
                .append("-- Masked columns are hashed (md5) or keep only a few last digits; the others pass through.\n")
                .append("select\n");
        List<ColumnSample> columns = table.columns();
        for (int i = 0; i < columns.size(); i++) {
            String name = identifier(columns.get(i).name());
            PiiColumn pii = masked.get(columns.get(i).name());
            sql.append("    ").append(pii == null ? name : pii.kind().mask(name) + " as " + name)
                    .append(i < columns.size() - 1 ? "," : "")
                    .append(pii == null ? "" : "  -- pii: " + pii.kind().id())
                    .append('\n');
        }
        return sql.append("from {{ source('").append(DataProject.sourceName(mart)).append("', '").append(table.table())
                .append("') }}\n").toString();
    }

    /** A quoted SQL identifier in a dbt file: quoted for DuckDB, then Jinja-inert. */
    private static String identifier(String name) {
        return DbtSql.identifier(name);
    }

    /** A YAML scalar holding exactly the text. */
    static String yamlString(String text) {
        return Yaml.scalar(text);
    }
}
