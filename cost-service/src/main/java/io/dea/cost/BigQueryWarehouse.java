package io.dea.cost;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The cost agent's two questions to BigQuery, asked through Google's own client over the REST API:
 * what a query would bill (a dry-run query job: nothing runs, nothing is billed) and which jobs ran
 * ({@code INFORMATION_SCHEMA.JOBS} of the configured region). Created only when
 * {@code dea.cost.bigquery.project} is set.
 */
public final class BigQueryWarehouse {

    /** Jobs read per history call: the newest recorded job moves the window on, so the rest come next time. */
    static final int HISTORY_LIMIT = 1000;

    /** A region or multi-region name; it becomes part of an identifier, which no query parameter can be. */
    private static final Pattern LOCATION = Pattern.compile("[A-Za-z0-9-]+");

    private final BigQuery client;
    private final String project;
    private final String location;

    BigQueryWarehouse(BigQuery client, String project, String location) {
        if (!LOCATION.matcher(location).matches()) {
            throw new IllegalArgumentException("dea.cost.bigquery.location '" + location + "' is not a BigQuery location");
        }
        this.client = client;
        this.project = project;
        this.location = location;
    }

    public static BigQueryWarehouse connect(CostProperties.BigQuerySettings settings) {
        BigQueryOptions.Builder options = BigQueryOptions.newBuilder().setProjectId(settings.project()).setLocation(settings.location());
        if (settings.endpoint() != null && !settings.endpoint().isBlank()) {
            options.setHost(settings.endpoint().strip());
        }
        String credentials = settings.credentials() == null ? "" : settings.credentials().strip();
        if (credentials.equalsIgnoreCase("none")) {
            options.setCredentials(NoCredentials.getInstance());
        } else if (!credentials.isEmpty()) {
            try (InputStream key = Files.newInputStream(Path.of(credentials))) {
                options.setCredentials(GoogleCredentials.fromStream(key));
            } catch (IOException e) {
                throw new IllegalArgumentException("dea.cost.bigquery.credentials: cannot read the key file " + credentials + ": " + e.getMessage(), e);
            }
        } // else: Application Default Credentials, found by the client itself
        return new BigQueryWarehouse(options.build().getService(), settings.project(), settings.location());
    }

    public String project() {
        return project;
    }

    /** Dry-runs the query with the cache off, so the bytes are what a real run would bill. */
    public DryRun dryRun(String sql) {
        QueryJobConfiguration config = QueryJobConfiguration.newBuilder(sql).setDryRun(true).setUseQueryCache(false)
                .setUseLegacySql(false).build();
        Job job = client.create(JobInfo.of(config));
        JobStatistics.QueryStatistics stats = job.getStatistics();
        List<TableId> tables = stats.getReferencedTables() == null ? List.of() : stats.getReferencedTables();
        return new DryRun(stats.getTotalBytesProcessed() == null ? 0 : stats.getTotalBytesProcessed(),
                stats.getStatementType() == null ? "" : stats.getStatementType().toString(),
                tables.stream().map(t -> t.getProject() + "." + t.getDataset() + "." + t.getTable()).toList());
    }

    /** The history query for this project's region; {@code @since} is the only parameter. */
    String historySql() {
        return "SELECT job_id, total_bytes_processed, total_slot_ms, creation_time, end_time, statement_type\n"
                + "FROM `region-" + location.toLowerCase(Locale.ROOT) + "`.INFORMATION_SCHEMA.JOBS\n"
                + "WHERE creation_time >= @since AND job_type = 'QUERY' AND state = 'DONE'\n"
                + "ORDER BY creation_time\nLIMIT " + HISTORY_LIMIT;
    }

    /** Finished query jobs created at or after {@code since}, oldest first. */
    public List<BigQueryJob> jobsSince(Instant since) throws InterruptedException {
        QueryJobConfiguration config = QueryJobConfiguration.newBuilder(historySql()).setUseLegacySql(false)
                .addNamedParameter("since", QueryParameterValue.timestamp(since.getEpochSecond() * 1_000_000L + since.getNano() / 1_000))
                .build();
        TableResult result = client.query(config);
        List<BigQueryJob> jobs = new ArrayList<>();
        for (FieldValueList row : result.iterateAll()) {
            jobs.add(new BigQueryJob(row.get("job_id").getStringValue(), longOrZero(row.get("total_bytes_processed")),
                    longOrZero(row.get("total_slot_ms")), instant(row.get("creation_time")), instant(row.get("end_time")),
                    row.get("statement_type").isNull() ? null : row.get("statement_type").getStringValue()));
        }
        return jobs;
    }

    private static long longOrZero(FieldValue value) {
        return value.isNull() ? 0 : value.getLongValue();
    }

    private static Instant instant(FieldValue value) {
        return value.getTimestampInstant();
    }
}
