package io.dea.modeling;

import io.dea.platform.goal.Relationship;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names the modeling agent proposes under the naming standard: each source's staging model and
 * entity model, and each column's staged name. The transform step builds the staging layer with them.
 *
 * @param stagingModels source to its staging model
 * @param entityModels  source to its entity model (dim_ or fct_)
 * @param columns       {@code source.column} as landing spells it, to its staged name
 */
record Names(Map<String, String> stagingModels, Map<String, String> entityModels, Map<String, String> columns) {

    static Names propose(NamingStandard naming, String mart, List<TableProfile> tables, List<Relationship> relationships) {
        Map<String, String> staging = new LinkedHashMap<>();
        Map<String, String> entities = new LinkedHashMap<>();
        Map<String, String> columns = new LinkedHashMap<>();
        for (TableProfile table : tables) {
            boolean refers = relationships.stream().anyMatch(r -> r.child().equals(table.source()));
            staging.put(table.source(), naming.stagingModel(mart, table.source()));
            entities.put(table.source(), naming.entityModel(table.source(), refers));
            for (ColumnProfile c : table.columns()) {
                columns.put(table.source() + "." + c.name(), naming.column(c.name(), c.type()));
            }
        }
        return new Names(staging, entities, columns);
    }

    String column(String source, String column) {
        return columns.get(source + "." + column);
    }
}
