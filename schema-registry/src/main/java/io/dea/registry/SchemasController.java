package io.dea.registry;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * {@code /schemas}: schemas by their global id, which is what a deserializer has in hand.
 *
 * <p>Query parameters such as {@code subject}, {@code format} and {@code fetchMaxId} are accepted
 * and ignored: an id names one schema whatever the subject, and there is only one format.
 */
@RestController
public class SchemasController {

    private final SchemaStore store;

    public SchemasController(SchemaStore store) {
        this.store = store;
    }

    @GetMapping("/schemas/ids/{id}")
    public RegistryApi.SchemaById schema(@PathVariable int id) {
        return RegistryApi.SchemaById.of(find(id));
    }

    @GetMapping("/schemas/ids/{id}/schema")
    public String rawSchema(@PathVariable int id) {
        return find(id).schema();
    }

    @GetMapping("/schemas/ids/{id}/versions")
    public List<RegistryApi.SubjectVersionRef> versions(@PathVariable int id) {
        find(id);
        return store.usages(id).stream().map(v -> new RegistryApi.SubjectVersionRef(v.subject(), v.version())).toList();
    }

    @GetMapping("/schemas/ids/{id}/subjects")
    public List<String> subjects(@PathVariable int id) {
        find(id);
        return store.usages(id).stream().map(SubjectVersion::subject).distinct().toList();
    }

    @GetMapping("/schemas/types")
    public List<String> types() {
        return List.of(StoredSchema.AVRO);
    }

    private StoredSchema find(int id) {
        return store.schema(id).orElseThrow(RegistryErrors::schemaNotFound);
    }
}
