package io.dea.platform.goal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A name for each source, as step outputs carry it: {@code orders:id,customers:id} (the model step's
 * primary keys, its staging model names). Entries without a {@code :} are skipped; names are trimmed.
 */
public record KeyList(Map<String, String> bySource) implements Encoded {

    public KeyList {
        bySource = Collections.unmodifiableMap(new LinkedHashMap<>(bySource));
    }

    public static KeyList parse(String text) {
        return new KeyList(Pairs.parse(text, ",", ":"));
    }

    @Override
    public String encode() {
        return Pairs.join(bySource, ",", ":");
    }
}
