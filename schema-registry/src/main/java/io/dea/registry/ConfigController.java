package io.dea.registry;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * {@code /config}: compatibility levels for the registry and per subject, plus the server root.
 *
 * <p>Only the compatibility level is configurable; the rest of Confluent's config (normalize,
 * metadata, rule sets) is accepted in requests and ignored, because nothing here acts on it.
 */
@RestController
public class ConfigController {

    private final SchemaStore store;
    private final SchemaRegistrar registrar;

    public ConfigController(SchemaStore store, SchemaRegistrar registrar) {
        this.store = store;
        this.registrar = registrar;
    }

    /** Clients probe the root to see the registry is there; Confluent answers an empty object. */
    @GetMapping("/")
    public Map<String, Object> root() {
        return Map.of();
    }

    @GetMapping("/config")
    public RegistryApi.ConfigLevel globalConfig() {
        return new RegistryApi.ConfigLevel(store.globalCompatibility().name());
    }

    @PutMapping("/config")
    public RegistryApi.ConfigUpdate setGlobalConfig(@RequestBody RegistryApi.ConfigUpdate update) {
        return new RegistryApi.ConfigUpdate(
                registrar.setCompatibility(null, CompatibilityLevel.parse(update.compatibility())).name());
    }

    @DeleteMapping("/config")
    public RegistryApi.ConfigLevel resetGlobalConfig() {
        CompatibilityLevel previous = store.globalCompatibility();
        registrar.clearCompatibility(null);
        return new RegistryApi.ConfigLevel(previous.name());
    }

    /** Like Confluent: 40408 when the subject has no level of its own, unless defaultToGlobal. */
    @GetMapping("/config/{subject}")
    public RegistryApi.ConfigLevel subjectConfig(@PathVariable String subject,
                                                 @RequestParam(defaultValue = "false") boolean defaultToGlobal) {
        CompatibilityLevel level = defaultToGlobal
                ? store.effectiveCompatibility(subject)
                : store.subjectCompatibility(subject).orElseThrow(() -> RegistryErrors.subjectConfigNotFound(subject));
        return new RegistryApi.ConfigLevel(level.name());
    }

    @PutMapping("/config/{subject}")
    public RegistryApi.ConfigUpdate setSubjectConfig(@PathVariable String subject,
                                                     @RequestBody RegistryApi.ConfigUpdate update) {
        return new RegistryApi.ConfigUpdate(
                registrar.setCompatibility(subject, CompatibilityLevel.parse(update.compatibility())).name());
    }

    @DeleteMapping("/config/{subject}")
    public RegistryApi.ConfigLevel deleteSubjectConfig(@PathVariable String subject) {
        CompatibilityLevel previous = store.subjectCompatibility(subject)
                .orElseThrow(() -> RegistryErrors.subjectConfigNotFound(subject));
        registrar.clearCompatibility(subject);
        return new RegistryApi.ConfigLevel(previous.name());
    }

    /** Serializers that check the mode before writing see a registry that accepts writes. */
    @GetMapping("/mode")
    public Map<String, String> mode() {
        return Map.of("mode", "READWRITE");
    }
}
