package io.dea.stack;

import java.util.ArrayList;
import java.util.List;

/**
 * System properties a test sets for the stack it starts (Spring reads them under the stack's own
 * settings, e.g. the operator's {@code dea.connections.*}), cleared again when the test is done.
 */
public final class TestProperties implements AutoCloseable {

    private final List<String> keys = new ArrayList<>();

    public TestProperties set(String key, String value) {
        System.setProperty(key, value);
        keys.add(key);
        return this;
    }

    @Override
    public void close() {
        keys.forEach(System::clearProperty);
        keys.clear();
    }
}
