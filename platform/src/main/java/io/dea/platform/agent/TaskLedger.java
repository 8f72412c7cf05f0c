package io.dea.platform.agent;

import io.dea.platform.avro.EventClasses;
import io.dea.events.v1.TaskResult;
import io.dea.platform.warehouse.Warehouse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The answers an agent already gave, by task and attempt, kept in the warehouse beside the data
 * the tasks changed. A re-delivered task finds its answer here and is answered again without
 * being done again.
 */
public final class TaskLedger {

    private final Warehouse warehouse;
    private volatile boolean ready;

    public TaskLedger(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    public Optional<TaskResult> find(String agent, String taskId, int attempt) {
        ensureTable();
        byte[] bytes = warehouse.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT result FROM dea_meta.task_ledger WHERE agent = ? AND task_id = ? AND attempt = ?")) {
                ps.setString(1, agent);
                ps.setString(2, taskId);
                ps.setInt(3, attempt);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getBytes(1) : null;
                }
            }
        });
        return Optional.ofNullable(bytes).map(TaskLedger::decode);
    }

    public void record(TaskResult result) {
        ensureTable();
        byte[] bytes = encode(result);
        warehouse.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO dea_meta.task_ledger VALUES (?, ?, ?, ?, now()) ON CONFLICT DO NOTHING")) {
                ps.setString(1, result.getAgent());
                ps.setString(2, result.getTaskId());
                ps.setInt(3, result.getAttempt());
                ps.setBytes(4, bytes);
                return ps.executeUpdate();
            }
        });
    }

    private void ensureTable() {
        if (ready) {
            return;
        }
        warehouse.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS dea_meta");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS dea_meta.task_ledger (
                          agent VARCHAR, task_id VARCHAR, attempt INTEGER, result BLOB, recorded_at TIMESTAMP,
                          PRIMARY KEY (agent, task_id, attempt))""");
            }
            return null;
        });
        ready = true;
    }

    private static byte[] encode(TaskResult result) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<>(TaskResult.class).write(result, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TaskResult decode(byte[] bytes) {
        try {
            return EventClasses.reader(TaskResult.class).read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
