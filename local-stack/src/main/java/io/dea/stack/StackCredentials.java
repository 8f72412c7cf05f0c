package io.dea.stack;

import io.dea.platform.kafka.KafkaAccess.Principal;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The local stack's secrets, made once per DEA_HOME and kept in {@code DEA_HOME/credentials.properties},
 * readable by its owner only (0600): a SCRAM password per Kafka principal, the broker's admin and
 * controller passwords (the stack runner alone uses them), and the schema registry's users.
 */
public final class StackCredentials {

    /** The broker's super user: creates topics, users and ACLs. Only the stack runner logs in as it. */
    public static final String ADMIN = "admin";
    /** The controller listener's user (SASL/PLAIN between the broker and its controller). */
    public static final String CONTROLLER = "controller";
    /** The registry user with the write role: registers the topics' schemas when the stack starts. */
    public static final String REGISTRY_OPERATOR = "operator";
    /** The registry user submitters get: reads only (reads are open anyway; Confluent clients send it). */
    public static final String REGISTRY_SUBMITTER = "submitter";

    private final Path file;
    private final Properties values = new Properties();

    private StackCredentials(Path file) {
        this.file = file;
    }

    /** Reads the file, adding a password for whatever is missing (all of them the first time). */
    public static StackCredentials load(Path home) {
        StackCredentials c = new StackCredentials(home.resolve("credentials.properties"));
        c.read();
        boolean changed = false;
        for (Principal p : Principal.values()) {
            changed |= c.ensure("kafka." + p.user());
        }
        changed |= c.ensure("kafka." + ADMIN);
        changed |= c.ensure("kafka." + CONTROLLER);
        changed |= c.ensure("registry." + REGISTRY_OPERATOR);
        changed |= c.ensure("registry." + REGISTRY_SUBMITTER);
        if (changed) {
            c.write();
        }
        return c;
    }

    /** Sets the submitter's Kafka password (DEA_KAFKA_SCRAM_PASSWORD), kept in the file for the CLI. */
    public void submitterPassword(String password) {
        if (password != null && !password.equals(values.getProperty("kafka." + Principal.SUBMITTER.user()))) {
            values.setProperty("kafka." + Principal.SUBMITTER.user(), password);
            write();
        }
    }

    public KafkaScram kafka(Principal principal) {
        return new KafkaScram(principal.user(), values.getProperty("kafka." + principal.user()));
    }

    public KafkaScram admin() {
        return new KafkaScram(ADMIN, values.getProperty("kafka." + ADMIN));
    }

    public String controllerPassword() {
        return values.getProperty("kafka." + CONTROLLER);
    }

    /** A registry user's password. */
    public String registry(String user) {
        return values.getProperty("registry." + user);
    }

    /** {@code user:password}, as Confluent clients' {@code basic.auth.user.info} takes it. */
    public String registryUserInfo(String user) {
        return user + ":" + registry(user);
    }

    private boolean ensure(String key) {
        if (values.getProperty(key, "").isBlank()) {
            byte[] bytes = new byte[18];
            new SecureRandom().nextBytes(bytes);
            values.setProperty(key, HexFormat.of().formatHex(bytes));
            return true;
        }
        return false;
    }

    private void read() {
        if (!Files.exists(file)) {
            return;
        }
        try (Reader in = Files.newBufferedReader(file)) {
            values.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private void write() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer out = Files.newBufferedWriter(tmp)) {
                values.store(out, "Written by the local stack: its Kafka and schema registry passwords. Keep it private.");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public Path file() {
        return file;
    }
}
