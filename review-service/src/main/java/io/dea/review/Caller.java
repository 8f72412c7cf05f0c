package io.dea.review;

import java.security.Principal;
import java.util.Set;

/** Who is calling the API, as its bearer token says: an identity and its roles. */
public record Caller(String identity, Set<String> roles) implements Principal {

    public static final String AGENT_ROLE = "agent";
    public static final String AGENT_PREFIX = "agent:";

    /** Agents propose; they never decide a review, whatever other roles they were given. */
    public boolean isAgent() {
        return roles.contains(AGENT_ROLE) || identity.startsWith(AGENT_PREFIX);
    }

    @Override
    public String getName() {
        return identity;
    }
}
