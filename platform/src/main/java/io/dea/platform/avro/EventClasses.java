package io.dea.platform.avro;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 instantiates generated classes by name (reading a record, copying one with
 * {@code newBuilder(other)}) only from packages it trusts (normally the system property
 * {@code org.apache.avro.SERIALIZABLE_PACKAGES}, read once when Avro first loads). Our own event
 * classes are trusted here, in this class's initializer, once per JVM and on top of whatever is
 * trusted already, so no deployment has to remember the flag and no caller has to remember a call.
 *
 * <p>Every path reaches it: records are read only through {@link #reader}, the serializer and
 * {@code GoalYaml} (where every goal enters) load it, and code that copies records has read or
 * parsed them there first.
 */
public final class EventClasses {

    private static final String PACKAGE = "io.dea.events.";

    static {
        ClassSecurityValidator.ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(current, type -> type.getName().startsWith(PACKAGE)));
    }

    private EventClasses() {
    }

    /** Makes sure the event classes are trusted (the class initializer does it, once); for classes that load this one early. */
    public static void trust() {
        // Nothing left to do: calling a static method initializes the class.
    }

    /** A reader of records written with {@code writer}: into the generated class when there is one, else generic. */
    public static DatumReader<Object> reader(Schema writer) {
        SpecificData specific = SpecificData.get();
        Class<?> generated = writer.getType() == Schema.Type.RECORD ? specific.getClass(writer) : null;
        if (generated == null) {
            return new GenericDatumReader<>(writer);
        }
        return new SpecificDatumReader<>(writer, specific.getSchema(generated), SpecificData.getForClass(generated));
    }

    /** A reader of one generated class, written with its own schema. */
    public static <T> SpecificDatumReader<T> reader(Class<T> type) {
        return new SpecificDatumReader<>(type);
    }
}
