package io.dea.governance;

import io.dea.platform.agent.ArtifactFile;
import io.dea.platform.artifact.DataProject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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
        StringBuilder yml = new StringBuilder("""
                # PII found by the governance agent; each tagged column is masked in its view.
                version: 2
                models:
                """);
        for (TableSample table : tables) {
            Map<String, PiiColumn> masked = byTable.get(table.table());
            if (masked == null || masked.isEmpty()) {
                continue;
            }
            String model = modelName(mart, table.table());
            models.add(model);
            files.add(new ArtifactFile(VIEW_KIND, directory(mart) + "/" + model + ".sql", viewSql(mart, table, masked)));
            yml.append("  - name: ").append(model).append('\n')
                    .append("    description: ").append(yamlString("landing." + table.table()
                            + " with its PII columns masked (" + String.join(", ", masked.keySet()) + ")")).append('\n')
                    .append("    columns:\n");
            for (PiiColumn column : masked.values()) {
                yml.append("      - name: ").append(yamlString(column.column())).append('\n')
                        .append("        description: ").append(yamlString(column.kind().id() + ", masked; found by "
                                + column.evidence())).append('\n')
                        .append("        meta:\n")
                        .append("          pii: ").append(column.kind().id()).append('\n')
                        .append("          confidence: ").append(String.format(Locale.ROOT, "%.2f", column.confidence())).append('\n');
            }
        }
        files.add(new ArtifactFile(TAGS_KIND, directory(mart) + "/pii.yml", yml.toString()));
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

    /** A quoted SQL identifier; one that would look like Jinja to dbt is emitted through a Jinja string. */
    private static String identifier(String name) {
        String quoted = ColumnSampler.quote(name);
        boolean jinja = Set.of("{{", "{%", "{#", "}}", "%}", "#}").stream().anyMatch(quoted::contains);
        return jinja ? "{{ '" + quoted.replace("\\", "\\\\").replace("'", "\\'") + "' }}" : quoted;
    }

    /** A YAML double-quoted scalar (JSON escapes are valid YAML). */
    static String yamlString(String text) {
        return text.chars().mapToObj(c -> switch (c) {
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> c < 0x20 ? String.format("\\u%04x", c) : String.valueOf((char) c);
        }).collect(Collectors.joining("", "\"", "\""));
    }
}
