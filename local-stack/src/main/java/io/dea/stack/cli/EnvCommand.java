package io.dea.stack.cli;

import io.dea.platform.kafka.KafkaAccess;
import io.dea.stack.StackCredentials;
import io.dea.stack.StackFiles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "env", description = "Print how to reach the running stack as the submitter (its Kafka and registry login included), one NAME=value a line.")
public final class EnvCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        StackFiles files = CliStack.files();
        if (files.readStack().isEmpty()) {
            System.err.println("dea: the local stack is not running under " + files.home() + " (./dea up starts it)");
            return 1;
        }
        env(files).forEach((name, value) -> System.out.println(name + "=" + value));
        return 0;
    }

    /**
     * What {@code ./dea env} prints: how a client reaches the running stack as the submitter
     * (docs/interface.md's names), passwords included: the file they come from is the owner's alone.
     */
    public static Map<String, String> env(StackFiles files) {
        Map<String, Object> stack = files.readStack();
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : List.of("KAFKA_BOOTSTRAP", "SCHEMA_REGISTRY_URL", "REVIEW_API", "REQUEST_TOPIC", "WAREHOUSE", "DATA_PROJECT",
                "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_USERNAME")) {
            env.put(name, String.valueOf(stack.get(name)));
        }
        StackCredentials credentials = StackCredentials.load(files.home());
        env.put("KAFKA_PASSWORD", credentials.kafka(KafkaAccess.Principal.SUBMITTER).password());
        env.put("SCHEMA_REGISTRY_USER_INFO", credentials.registryUserInfo(StackCredentials.REGISTRY_SUBMITTER));
        return env;
    }
}
