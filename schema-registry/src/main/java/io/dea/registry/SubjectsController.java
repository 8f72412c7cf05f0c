package io.dea.registry;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * {@code /subjects}: register, look up, list, fetch and soft-delete subject versions.
 *
 * <p>Query parameters Confluent clients send but this registry has no use for ({@code normalize},
 * {@code format}, {@code deleted} on fetches) are accepted and ignored rather than rejected, so
 * newer clients keep working.
 */
@RestController
public class SubjectsController {

    private final SchemaStore store;
    private final SchemaRegistrar registrar;

    public SubjectsController(SchemaStore store, SchemaRegistrar registrar) {
        this.store = store;
        this.registrar = registrar;
    }

    @GetMapping("/subjects")
    public List<String> subjects(@RequestParam(defaultValue = "false") boolean deleted,
                                 @RequestParam(defaultValue = "") String subjectPrefix) {
        return store.subjects(deleted).stream().filter(s -> s.startsWith(subjectPrefix)).toList();
    }

    @PostMapping("/subjects/{subject}/versions")
    public RegistryApi.SchemaId register(@PathVariable String subject, @RequestBody RegistryApi.SchemaRequest request) {
        return new RegistryApi.SchemaId(registrar.register(subject, request));
    }

    /** Is this schema registered under this subject? Serializers ask before they register. */
    @PostMapping("/subjects/{subject}")
    public RegistryApi.SubjectSchema lookup(@PathVariable String subject, @RequestBody RegistryApi.SchemaRequest request) {
        StoredSchema schema = registrar.canonicalize(request);
        if (store.liveVersions(subject).isEmpty()) {
            throw RegistryErrors.subjectNotFound(subject);
        }
        SubjectVersion version = store.findLive(subject, schema).orElseThrow(RegistryErrors::schemaNotFound);
        return RegistryApi.SubjectSchema.of(version, schema);
    }

    @GetMapping("/subjects/{subject}/versions")
    public List<Integer> versions(@PathVariable String subject) {
        List<SubjectVersion> live = store.liveVersions(subject);
        if (live.isEmpty()) {
            throw RegistryErrors.subjectNotFound(subject);
        }
        return live.stream().map(SubjectVersion::version).toList();
    }

    @GetMapping("/subjects/{subject}/versions/{version}")
    public RegistryApi.SubjectSchema version(@PathVariable String subject, @PathVariable String version) {
        SubjectVersion found = store.resolve(subject, version);
        return RegistryApi.SubjectSchema.of(found, store.schema(found.id()).orElseThrow());
    }

    /** The schema text alone, as Confluent serves it: the body is the schema's JSON. */
    @GetMapping("/subjects/{subject}/versions/{version}/schema")
    public String rawSchema(@PathVariable String subject, @PathVariable String version) {
        return store.schema(store.resolve(subject, version).id()).orElseThrow().schema();
    }

    @DeleteMapping("/subjects/{subject}")
    public List<Integer> deleteSubject(@PathVariable String subject,
                                       @RequestParam(defaultValue = "false") boolean permanent) {
        if (permanent) {
            throw RegistryErrors.permanentDeleteUnsupported();
        }
        return registrar.deleteSubject(subject);
    }

    @DeleteMapping("/subjects/{subject}/versions/{version}")
    public int deleteVersion(@PathVariable String subject, @PathVariable String version,
                             @RequestParam(defaultValue = "false") boolean permanent) {
        if (permanent) {
            throw RegistryErrors.permanentDeleteUnsupported();
        }
        return registrar.deleteVersion(subject, version);
    }
}
