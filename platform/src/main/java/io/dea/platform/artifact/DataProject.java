package io.dea.platform.artifact;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The layout of the data project every plan commits into. Each mart owns {@code models/<mart>/};
 * connector configs live in {@code connectors/}, Airflow DAGs in {@code dags/}. dbt reads its
 * warehouse and schema from environment variables, so one project serves every environment.
 */
public final class DataProject {

    public static final String WAREHOUSE_ENV = "DEA_WAREHOUSE";
    public static final String SCHEMA_ENV = "DEA_SCHEMA";
    /** Where ingestion stages every source, as a table named after the source. */
    public static final String LANDING_SCHEMA = "landing";

    /**
     * The dbt profile: the warehouse and schema from the environment, and DuckDB locked down as its
     * "Securing DuckDB" guide says, since a build reads and writes only the warehouse file: no file
     * access outside it ({@code COPY ... TO}, {@code read_text}, {@code ATTACH} fail), no community
     * extensions, no extension installs or autoloads, and the configuration locked so a model cannot
     * {@code SET} any of it back. {@code config_options} are given to DuckDB when it opens the file,
     * before any model runs; dbt-duckdb's {@code settings} would be SET on every cursor, which the
     * lock refuses from the second cursor on.
     */
    public static final String PROFILE = """
            dea:
              target: default
              outputs:
                default:
                  type: duckdb
                  path: "{{ env_var('DEA_WAREHOUSE') }}"
                  schema: "{{ env_var('DEA_SCHEMA', 'dev') }}"
                  threads: 1
                  config_options:
                    enable_external_access: false
                    allow_community_extensions: false
                    autoinstall_known_extensions: false
                    autoload_known_extensions: false
                    lock_configuration: true
            """;

    private DataProject() {
    }

    public static String modelDir(String mart) {
        return "models/" + mart;
    }

    public static String connector(String source) {
        return "connectors/" + source + ".yml";
    }

    public static String dag(String mart) {
        return "dags/" + mart + ".py";
    }

    /** The dbt source name of a mart's landing tables (unique per mart, so marts never collide). */
    public static String sourceName(String mart) {
        return mart + "_landing";
    }

    /** The schema a plan builds into before approval: nothing shared changes until then. */
    public static String sandboxSchema(String planId) {
        return "sandbox_" + planId.replaceAll("[^A-Za-z0-9]", "_").toLowerCase(java.util.Locale.ROOT);
    }

    public static String branch(String planId) {
        return "plan/" + planId;
    }

    static Map<String, String> seedFiles() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("README.md", """
                # Data project

                Written by dataengineering-agents and reviewed by people. Every plan works on a branch
                `plan/<goal id>`; approval merges it here.

                - `connectors/`: one connector config per source
                - `models/<mart>/`: dbt sources, staging and mart models, tests and masked views of one mart
                - `dags/`: one Airflow DAG per goal with a schedule
                """);
        files.put(".gitignore", "target/\nlogs/\ndbt_packages/\n");
        files.put("dbt_project.yml", """
                name: dea_project
                version: "1.0.0"
                config-version: 2
                profile: dea
                model-paths: ["models"]
                test-paths: ["tests"]
                macro-paths: ["macros"]
                target-path: target
                clean-targets: [target, dbt_packages]
                """);
        files.put("profiles.yml", PROFILE);
        files.put("macros/.keep", "");
        files.put("tests/.keep", "");
        return files;
    }
}
