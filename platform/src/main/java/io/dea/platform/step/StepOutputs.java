package io.dea.platform.step;

import io.dea.events.v1.StepKind;
import io.dea.platform.goal.Encoded;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one codec between a step's typed outputs (a record of {@link Outputs}) and the string map on
 * the wire (TaskResult.outputs, TaskRequested.inputs as {@code step.key}). A component {@code rowsLoaded}
 * is the key {@code rows_loaded}; a null component is left out, and a key that is absent reads back
 * as null. Values: text as it is, whole numbers in decimal, a {@code Double} with six decimals, a
 * {@code BigDecimal} in plain notation, a {@code List<String>} joined with commas, and an
 * {@link Encoded} value by its own {@code encode}/{@code parse}.
 */
public final class StepOutputs {

    private StepOutputs() {
    }

    /** The outputs type of each step kind: what docs/agents.md lists and downstream steps read. */
    public static Class<? extends Record> type(StepKind kind) {
        return switch (kind) {
            case INGEST -> Outputs.Ingest.class;
            case MODEL -> Outputs.Model.class;
            case TRANSFORM -> Outputs.Transform.class;
            case GOVERNANCE -> Outputs.Governance.class;
            case COST -> Outputs.Cost.class;
            case QUALITY -> Outputs.Quality.class;
            case SCHEDULE -> Outputs.Schedule.class;
            case APPLY -> Outputs.Apply.class;
            case BACKFILL -> Outputs.Backfill.class;
            case ROLLBACK -> Outputs.Rollback.class;
            case BUILD -> Outputs.Build.class;
            case INTAKE -> Outputs.Intake.class;
        };
    }

    /** Every key a type can write, in component order. */
    public static List<String> keys(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(c -> key(c.getName())).toList();
    }

    public static Map<String, String> encode(Record outputs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (RecordComponent c : outputs.getClass().getRecordComponents()) {
            Object value = read(c, outputs);
            if (value != null) {
                map.put(key(c.getName()), encodeValue(value));
            }
        }
        return map;
    }

    public static <R extends Record> R decode(Map<String, String> map, Class<R> type) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            String text = map.get(key(components[i].getName()));
            values[i] = text == null ? null : decodeValue(text, components[i]);
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName() + " from step outputs", e);
        }
    }

    /** {@code rowsLoaded} → {@code rows_loaded}. */
    static String key(String component) {
        return component.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static Object read(RecordComponent c, Record outputs) {
        try {
            return c.getAccessor().invoke(outputs);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encodeValue(Object value) {
        if (value instanceof Encoded encoded) {
            return encoded.encode();
        }
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        if (value instanceof Double d) {
            return String.format(Locale.ROOT, "%.6f", d);
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof String || value instanceof Long || value instanceof Integer) {
            return value.toString();
        }
        throw new IllegalStateException("no output encoding for " + value.getClass().getSimpleName());
    }

    private static Object decodeValue(String text, RecordComponent c) {
        Class<?> type = c.getType();
        if (type == String.class) {
            return text;
        }
        if (type == Long.class) {
            return Long.valueOf(text.trim());
        }
        if (type == Integer.class) {
            return Integer.valueOf(text.trim());
        }
        if (type == Double.class) {
            return Double.valueOf(text.trim());
        }
        if (type == BigDecimal.class) {
            return new BigDecimal(text.trim());
        }
        if (type == List.class && isListOfStrings(c.getGenericType())) {
            return text.isBlank() ? List.of() : List.of(text.split(","));
        }
        if (Encoded.class.isAssignableFrom(type)) {
            try {
                Method parse = type.getMethod("parse", String.class);
                return parse.invoke(null, text);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(type.getSimpleName() + " has no static parse(String)", e);
            }
        }
        throw new IllegalStateException("no output decoding for " + c.getName() + " of " + type.getSimpleName());
    }

    private static boolean isListOfStrings(Type generic) {
        return generic instanceof ParameterizedType p && p.getActualTypeArguments()[0] == String.class;
    }
}
