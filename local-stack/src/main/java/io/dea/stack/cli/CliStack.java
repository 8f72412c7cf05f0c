package io.dea.stack.cli;

import io.dea.platform.kafka.KafkaAccess;
import io.dea.stack.KafkaScram;
import io.dea.stack.StackCredentials;
import io.dea.stack.StackFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Where the CLI finds the local stack (DEA_HOME, the repository root) and how it logs in to it. */
final class CliStack {

    private CliStack() {
    }

    static StackFiles files() {
        return new StackFiles(Path.of(System.getenv().getOrDefault("DEA_HOME", ".dea")));
    }

    static Path root() {
        return Path.of(System.getProperty("dea.root", ".")).toAbsolutePath().normalize();
    }

    static StackConnection connect() {
        StackFiles files = files();
        if (!new StackProcess(files).ready()) {
            throw new CliException("the local stack is not running under " + files.home() + ": start it with ./dea up");
        }
        Map<String, Object> stack = files.readStack();
        return new StackConnection((String) stack.get("KAFKA_BOOTSTRAP"), (String) stack.get("SCHEMA_REGISTRY_URL"),
                (String) stack.get("REVIEW_API"), files.token(), submitter(files).clientProperties());
    }

    /** The CLI logs in as the submitter, with the password the stack keeps in DEA_HOME/credentials.properties. */
    private static KafkaScram submitter(StackFiles files) {
        if (!Files.exists(files.home().resolve("credentials.properties"))) {
            throw new CliException("no credentials under " + files.home() + ": start the stack with ./dea up");
        }
        return StackCredentials.load(files.home()).kafka(KafkaAccess.Principal.SUBMITTER);
    }
}
