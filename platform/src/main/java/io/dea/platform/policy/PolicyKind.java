package io.dea.platform.policy;

import java.util.Locale;

/** What a policy document of the data project governs, as its front matter's {@code dea:} key names it. */
public enum PolicyKind {
    /** PII the governance agent must or must not tag, and the roles its access policies name. */
    GOVERNANCE,
    /** Freshness the team promises per mart, where a goal gives none. */
    SLA;

    /** {@code governance}, as written after {@code dea:}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
