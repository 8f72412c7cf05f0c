package io.dea.platform.goal;

import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

/**
 * A goal's {@code timezone}: an IANA zone name (as the JDK's time zone database knows it), in which
 * the mart's day, week and month buckets of zoned timestamps are taken. The orchestrator rejects any
 * other text and the transform agent checks it again before it reaches SQL.
 */
public final class TimeZones {

    public static final String DEFAULT = "UTC";
    private static final Set<String> KNOWN = ZoneId.getAvailableZoneIds();

    private TimeZones() {
    }

    /** The zone named, spelled as given (surrounding blanks dropped); empty when it is not an IANA name. */
    public static Optional<String> of(String name) {
        String trimmed = name == null ? "" : name.trim();
        return KNOWN.contains(trimmed) || trimmed.equals(DEFAULT) ? Optional.of(trimmed) : Optional.empty();
    }
}
