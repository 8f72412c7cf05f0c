package io.dea.cost;

import io.dea.platform.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs EXPLAIN (never EXPLAIN ANALYZE: nothing is executed) on a query and finds the tables its
 * plan scans. The JSON form says which columns each scan projects and which filters it applies;
 * when the warehouse cannot give JSON, the text plan still names the tables and every column of
 * them is counted, which overestimates rather than under.
 */
public final class PlanExplainer {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    /** Table functions that make rows up rather than read them. */
    private static final Set<String> GENERATORS = Set.of("RANGE", "GENERATE_SERIES", "UNNEST", "REPEAT");
    private static final Pattern TEXT_TABLE = Pattern.compile("Table:\\s*([A-Za-z0-9_.\"]+)");

    public QueryPlan explain(Warehouse warehouse, String query) {
        return warehouse.withConnection(connection -> {
            String text = explainValue(connection, "EXPLAIN " + query);
            String json;
            try {
                json = explainValue(connection, "EXPLAIN (FORMAT JSON) " + query);
            } catch (SQLException e) {
                json = null; // an older DuckDB: fall back to the text plan
            }
            return json != null ? fromJson(text, json) : fromText(text);
        });
    }

    /** The tables and columns a JSON plan reads. */
    static QueryPlan fromJson(String text, String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            return fromText(text);
        }
        List<TableScan> scans = new ArrayList<>();
        List<String> unestimated = new ArrayList<>();
        walk(root, scans, unestimated);
        return new QueryPlan(text, json, scans, unestimated);
    }

    /** The tables a text plan names, each with all its columns counted. */
    static QueryPlan fromText(String text) {
        List<TableScan> scans = new ArrayList<>();
        Matcher m = TEXT_TABLE.matcher(text);
        while (m.find()) {
            scans.add(TableScan.named(m.group(1).replace("\"", ""), Set.of(), Set.of(), true));
        }
        return new QueryPlan(text, null, scans, List.of());
    }

    private static void walk(JsonNode node, List<TableScan> scans, List<String> unestimated) {
        if (node == null) {
            return;
        }
        if (node.isArray()) {
            for (JsonNode child : node) {
                walk(child, scans, unestimated);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        JsonNode info = node.path("extra_info");
        if (info.has("Table")) {
            scans.add(TableScan.named(info.get("Table").asString(), strings(info.get("Projections")),
                    strings(info.get("Filters")), false));
        } else if (info.has("Function") && !GENERATORS.contains(info.get("Function").asString())) {
            unestimated.add(info.get("Function").asString()); // a file reader or table function, e.g. READ_CSV
        }
        walk(node.get("children"), scans, unestimated);
    }

    /** DuckDB writes one item as a string and several as a list. */
    static Set<String> strings(JsonNode node) {
        Set<String> values = new LinkedHashSet<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (node.isArray()) {
            node.forEach(item -> values.add(item.asString()));
        } else {
            values.add(node.asString());
        }
        return values;
    }

    private static String explainValue(Connection connection, String sql) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                plan.append(rs.getString(rs.getMetaData().getColumnCount()));
            }
        }
        return plan.toString();
    }
}
