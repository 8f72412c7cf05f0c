package io.dea.cost;

import java.time.Duration;
import java.time.Instant;

/**
 * One finished job from BigQuery's {@code INFORMATION_SCHEMA.JOBS}: what it billed and how long it took.
 *
 * @param jobId         the job's id
 * @param bytes         {@code total_bytes_processed} (0 when BigQuery reports none, e.g. a cached result)
 * @param slotMs        {@code total_slot_ms}
 * @param created       {@code creation_time}
 * @param ended         {@code end_time}
 * @param statementType {@code statement_type}
 */
public record BigQueryJob(String jobId, long bytes, long slotMs, Instant created, Instant ended, String statementType) {

    public double seconds() {
        return Duration.between(created, ended).toNanos() / 1e9;
    }
}
