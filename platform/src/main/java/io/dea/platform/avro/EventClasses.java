package io.dea.platform.avro;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 instantiates generated classes only from packages it trusts (normally the system
 * property {@code org.apache.avro.SERIALIZABLE_PACKAGES}). Our own event classes are trusted here,
 * once per JVM, on top of whatever is trusted already, so no deployment has to remember the flag.
 */
public final class EventClasses {

    private static final String PACKAGE = "io.dea.events.";
    private static volatile boolean trusted;

    private EventClasses() {
    }

    public static synchronized void trust() {
        if (trusted) {
            return;
        }
        ClassSecurityValidator.ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(current, type -> type.getName().startsWith(PACKAGE)));
        trusted = true;
    }
}
