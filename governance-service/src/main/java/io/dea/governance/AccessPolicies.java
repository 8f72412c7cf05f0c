package io.dea.governance;

import io.dea.platform.agent.ArtifactFile;
import io.dea.platform.artifact.DataProject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Access policies proposed beside the masked views: who may read raw PII and who only the masked
 * views. DuckDB has no users or GRANT, so the policy is (a) a file the data project keeps,
 * {@code policies/<mart>/access.yml}, (b) the GRANTs it means on a warehouse that has them,
 * rendered for PostgreSQL and BigQuery, and (c) in DuckDB what can be checked: that the masked
 * views are the only objects of the environment schema exposing the tagged columns
 * ({@link #exposures}). They sit outside {@code models/}, so dbt never reads them as models, and
 * they reach main only with the governance-approver's approval of the same review.
 *
 * @param files the three files
 */
public record AccessPolicies(List<ArtifactFile> files) {

    public static final String POLICY_KIND = "access_policy";
    public static final String GRANTS_KIND = "grants";
    /** May read the landing tables, raw PII included. */
    public static final String RAW_ROLE = "pii_reader";
    /** May read the environment's marts and masked views only. */
    public static final String MASKED_ROLE = "analyst";

    /** The two roles the policy names: the defaults above, or the team's from its governance policy document. */
    public record Roles(String raw, String masked) {
        public static final Roles DEFAULT = new Roles(RAW_ROLE, MASKED_ROLE);
    }

    public static String directory(String mart) {
        return "policies/" + mart;
    }

    public static AccessPolicies of(String mart, String environment, List<PiiColumn> pii, List<String> maskedViews, Roles roles) {
        Set<String> tables = new LinkedHashSet<>();
        pii.forEach(c -> tables.add(c.table()));
        Set<String> masked = new LinkedHashSet<>(maskedViews);
        masked.add(mart);
        String dir = directory(mart);
        return new AccessPolicies(List.of(
                new ArtifactFile(POLICY_KIND, dir + "/access.yml", accessYml(mart, environment, pii, tables, masked, roles)),
                new ArtifactFile(GRANTS_KIND, dir + "/grants_postgres.sql", postgresGrants(mart, environment, tables, masked, roles)),
                new ArtifactFile(GRANTS_KIND, dir + "/grants_bigquery.sql", bigQueryGrants(mart, environment, tables, masked, roles))));
    }

    private static String accessYml(String mart, String environment, List<PiiColumn> pii, Set<String> tables, Set<String> masked, Roles roles) {
        StringBuilder yml = new StringBuilder("# Who may read what, proposed by the governance agent; approved by a governance-approver.\n")
                .append("mart: ").append(mart).append('\n')
                .append("environment: ").append(environment).append('\n')
                .append("roles:\n")
                .append("  ").append(roles.raw()).append(":\n    reads: raw\n    objects:\n");
        tables.forEach(t -> yml.append("      - ").append(DataProject.LANDING_SCHEMA).append('.').append(t).append('\n'));
        yml.append("  ").append(roles.masked()).append(":\n    reads: masked\n    objects:\n");
        masked.forEach(v -> yml.append("      - ").append(environment).append('.').append(v).append('\n'));
        yml.append("pii_columns:\n");
        for (PiiColumn c : pii) {
            yml.append("  - { table: ").append(DataProject.LANDING_SCHEMA).append('.').append(c.table()).append(", column: ")
                    .append(MaskedViews.yamlString(c.column())).append(", kind: ").append(c.kind().id())
                    .append(", masked_in: ").append(environment).append('.').append(MaskedViews.modelName(mart, c.table())).append(" }\n");
        }
        return yml.toString();
    }

    private static String postgresGrants(String mart, String environment, Set<String> tables, Set<String> masked, Roles roles) {
        StringBuilder postgres = new StringBuilder("-- Access policy of ").append(mart).append(" for PostgreSQL-style warehouses.\n")
                .append("-- Roles are created once by an administrator: CREATE ROLE ").append(roles.raw()).append("; CREATE ROLE ")
                .append(roles.masked()).append(";\n");
        for (String table : tables) {
            String raw = DataProject.LANDING_SCHEMA + "." + table;
            postgres.append("REVOKE ALL ON ").append(raw).append(" FROM PUBLIC;\n")
                    .append("REVOKE ALL ON ").append(raw).append(" FROM ").append(roles.masked()).append(";\n")
                    .append("GRANT SELECT ON ").append(raw).append(" TO ").append(roles.raw()).append(";\n");
        }
        postgres.append("GRANT USAGE ON SCHEMA ").append(environment).append(" TO ").append(roles.masked()).append(";\n");
        for (String view : masked) {
            postgres.append("GRANT SELECT ON ").append(environment + "." + view).append(" TO ").append(roles.masked()).append(", ")
                    .append(roles.raw()).append(";\n");
        }
        return postgres.toString();
    }

    private static String bigQueryGrants(String mart, String environment, Set<String> tables, Set<String> masked, Roles roles) {
        StringBuilder bigquery = new StringBuilder("-- Access policy of ").append(mart).append(" for BigQuery (DCL).")
                .append(" Replace the groups with your own principals.\n");
        for (String table : tables) {
            bigquery.append("GRANT `roles/bigquery.dataViewer` ON TABLE `").append(DataProject.LANDING_SCHEMA + "." + table)
                    .append("` TO \"group:").append(roles.raw()).append("@example.com\";\n");
        }
        for (String view : masked) {
            bigquery.append("GRANT `roles/bigquery.dataViewer` ON TABLE `").append(environment + "." + view).append("` TO \"group:")
                    .append(roles.masked()).append("@example.com\", \"group:").append(roles.raw()).append("@example.com\";\n");
        }
        return bigquery.toString();
    }

    /**
     * What DuckDB can enforce: objects of the schema, other than the masked views, that expose a
     * tagged column by name. An empty list means the masked views are the only way to them there.
     */
    public static List<String> exposures(java.sql.Connection connection, String schema, List<PiiColumn> pii,
                                         List<String> maskedViews) throws java.sql.SQLException {
        Set<String> tagged = new LinkedHashSet<>();
        pii.forEach(c -> tagged.add(c.column().toLowerCase(java.util.Locale.ROOT)));
        Set<String> allowed = new LinkedHashSet<>();
        maskedViews.forEach(v -> allowed.add(v.toLowerCase(java.util.Locale.ROOT)));
        List<String> exposed = new ArrayList<>();
        try (java.sql.PreparedStatement ps = connection.prepareStatement(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = ? ORDER BY ALL")) {
            ps.setString(1, schema);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String table = rs.getString(1);
                    String column = rs.getString(2);
                    if (tagged.contains(column.toLowerCase(java.util.Locale.ROOT)) && !allowed.contains(table.toLowerCase(java.util.Locale.ROOT))) {
                        exposed.add(schema + "." + table + "." + column);
                    }
                }
            }
        }
        return exposed;
    }
}
