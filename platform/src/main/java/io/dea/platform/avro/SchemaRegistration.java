package io.dea.platform.avro;

import java.util.Map;

/**
 * The deploy-time job that registers every topic's value schema ({@link TopicSchemas}) with the
 * registry at {@code SCHEMA_REGISTRY_URL}, for deployments where producers may not register
 * ({@code DEA_AUTO_REGISTER_SCHEMAS=false}, as in production). Run once per release before the
 * services roll (a Kubernetes Job, a one-shot compose service). Exits 0 when every subject holds
 * its schema, 1 when the registry refuses one (an incompatible change) or cannot be reached; the
 * client retries passing failures itself. Credentials: {@code SCHEMA_REGISTRY_USER_INFO}
 * ({@code user:password} of a registry user with the write role).
 */
public final class SchemaRegistration {

    private SchemaRegistration() {
    }

    public static void main(String[] args) {
        String url = args.length > 0 ? args[0] : System.getenv().getOrDefault("SCHEMA_REGISTRY_URL", "");
        if (url.isBlank()) {
            System.err.println("schema registration: no registry; set SCHEMA_REGISTRY_URL or pass its URL");
            System.exit(2);
        }
        SchemaRegistryClient registry = new SchemaRegistryClient(url);
        int registered = 0;
        for (Map.Entry<String, org.apache.avro.Schema> entry : TopicSchemas.everything().entrySet()) {
            String subject = entry.getKey() + "-value";
            try {
                int id = registry.register(subject, entry.getValue());
                System.out.println("registered " + subject + " (schema id " + id + ")");
                registered++;
            } catch (RuntimeException e) {
                System.err.println("schema registration: " + subject + " refused: " + e.getMessage());
                System.exit(1);
            }
        }
        System.out.println("schema registration: " + registered + " subjects registered at " + url);
    }
}
