package io.dea.registry;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * {@code /compatibility}: would this schema be accepted? Used by CI to check a change before it
 * is deployed, which is why it answers {@code is_compatible: false} instead of an error.
 *
 * <p>Against one version (or {@code latest}) it applies the subject's level in its direction(s);
 * without a version it runs exactly the check a registration would.
 */
@RestController
public class CompatibilityController {

    private final SchemaStore store;
    private final SchemaRegistrar registrar;

    public CompatibilityController(SchemaStore store, SchemaRegistrar registrar) {
        this.store = store;
        this.registrar = registrar;
    }

    @PostMapping("/compatibility/subjects/{subject}/versions/{version}")
    public RegistryApi.CompatibilityCheck againstVersion(@PathVariable String subject, @PathVariable String version,
                                                         @RequestBody RegistryApi.SchemaRequest request,
                                                         @RequestParam(defaultValue = "false") boolean verbose) {
        StoredSchema schema = registrar.canonicalize(request);
        boolean latest = SchemaStore.parseVersion(version) == null;
        if (latest && store.liveVersions(subject).isEmpty()) {
            // Confluent's answer: nothing to be incompatible with.
            return answer(List.of(), verbose);
        }
        SubjectVersion against = store.resolve(subject, version);
        return answer(registrar.incompatibilities(subject, schema, store.effectiveCompatibility(subject), against), verbose);
    }

    @PostMapping("/compatibility/subjects/{subject}/versions")
    public RegistryApi.CompatibilityCheck againstSubject(@PathVariable String subject,
                                                         @RequestBody RegistryApi.SchemaRequest request,
                                                         @RequestParam(defaultValue = "false") boolean verbose) {
        StoredSchema schema = registrar.canonicalize(request);
        return answer(registrar.incompatibilities(subject, schema, store.effectiveCompatibility(subject), null), verbose);
    }

    private static RegistryApi.CompatibilityCheck answer(List<String> reasons, boolean verbose) {
        return new RegistryApi.CompatibilityCheck(reasons.isEmpty(), verbose ? reasons : null);
    }
}
