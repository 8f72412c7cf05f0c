package io.dea.platform.goal;

import java.util.List;
import java.util.Locale;

/**
 * The shared environments a goal may target. Each is a schema of the warehouse of the same name;
 * the names stay strings because they are schema names on the wire, in SQL and in the data project.
 */
public final class Environment {

    public static final String DEV = "dev";
    public static final String STAGING = "staging";
    public static final String PROD = "prod";
    /** Where a goal that names no environment goes. */
    public static final String DEFAULT = DEV;
    /** Every environment, in the order a change goes through them. */
    public static final List<String> ALL = List.of(DEV, STAGING, PROD);

    private Environment() {
    }

    /** The environment a goal or task names: {@link #DEFAULT} when it names none, else in lower case. */
    public static String of(String name) {
        return name == null || name.isBlank() ? DEFAULT : name.toLowerCase(Locale.ROOT);
    }

    /** Whether a schema is one of the shared environments (compared as written: schemas are lower case). */
    public static boolean isShared(String schema) {
        return ALL.contains(schema);
    }
}
