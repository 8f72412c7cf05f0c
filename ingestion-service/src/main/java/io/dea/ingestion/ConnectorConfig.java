package io.dea.ingestion;

import io.dea.events.v1.SourceSpec;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.source.FileFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The connector config committed for a source: how it is read and loaded, so a person (or a DAG)
 * can see and rerun the load. The watermark itself stays in the warehouse; putting it here would
 * change the file on every run.
 *
 * @param source        the source's logical name
 * @param format        csv, json, parquet, jdbc or http
 * @param connection    the operator's connection it is read through (its secrets stay in the service configuration), or null
 * @param location      the path or glob as the goal gives it; a URL with any credentials in it masked
 * @param table         the JDBC table, or null
 * @param query         the JDBC query, or null
 * @param target        the landing table
 * @param loadMode      incremental (with a key), new files (files without one: only files not loaded yet) or full
 * @param incrementalKey the watermark column, or null
 */
record ConnectorConfig(String source, String format, String connection, String location, String table, String query, String target,
                       String loadMode, String incrementalKey) {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .disable(YAMLWriteFeature.SPLIT_LINES)
            .build();

    static ConnectorConfig of(SourceSpec source, String format) {
        boolean incremental = source.getIncrementalKey() != null && !source.getIncrementalKey().isBlank();
        return new ConnectorConfig(source.getName(), format, source.getConnection(), Secrets.redactUrl(source.getLocation()), source.getTable(),
                source.getQuery(), LandingLoader.table(source.getName()),
                incremental ? "incremental" : FileFormat.of(format).isPresent() ? FileLoader.NEW_FILES : "full",
                incremental ? source.getIncrementalKey() : null);
    }

    String path() {
        return DataProject.connector(source);
    }

    String yaml() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("source", source);
        doc.put("format", format);
        if (connection != null) {
            doc.put("connection", connection);
        }
        doc.put("location", location);
        if (table != null) {
            doc.put("table", table);
        }
        if (query != null) {
            doc.put("query", query);
        }
        doc.put("target", target);
        doc.put("load_mode", loadMode);
        if (incrementalKey != null) {
            doc.put("incremental_key", incrementalKey);
            doc.put("watermark_table", Watermarks.TABLE);
        } else if (FileLoader.NEW_FILES.equals(loadMode)) {
            doc.put("files_table", LoadedFiles.TABLE);
        }
        return "# Connector of source " + source + ", written by the ingestion agent.\n" + YAML.writeValueAsString(doc);
    }
}
