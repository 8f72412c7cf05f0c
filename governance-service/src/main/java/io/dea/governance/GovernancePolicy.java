package io.dea.governance;

import io.dea.platform.policy.PolicyDocument;
import io.dea.platform.policy.PolicyDocuments.PolicyException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The team's governance policy, written in the data project's {@code docs/} as a Markdown page whose
 * front matter reads:
 * <pre>
 * dea: governance
 * pii:
 *   always: { customers.loyalty_code: national_id }   # tagged whatever the values look like
 *   never: [customers.country]                        # never tagged, whatever the detector thinks
 * roles: { raw: pii_reader, masked: analyst }         # the roles the access policies name
 * </pre>
 * Columns are {@code table.column} of landing tables; a column the goal does not load is ignored (the
 * policy is the team's, not one goal's). Every key is checked: a typo, an unknown PII kind, a role
 * that is not a plain identifier, or two documents that disagree stops the step and names the file,
 * because a policy silently not applied is worse than none.
 *
 * @param always     {@code table.column} (lower case) to the kind it holds
 * @param never      {@code table.column} (lower case) never tagged
 * @param roles      the roles the access policies name
 * @param documents  citations of the documents applied
 */
record GovernancePolicy(Map<String, PiiKind> always, Set<String> never, AccessPolicies.Roles roles, List<String> documents) {

    static final GovernancePolicy DEFAULT = new GovernancePolicy(Map.of(), Set.of(), AccessPolicies.Roles.DEFAULT, List.of());
    private static final Pattern ROLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Set<String> KEYS = Set.of("dea", "pii", "roles");
    private static final Set<String> PII_KEYS = Set.of("always", "never");
    private static final Set<String> ROLE_KEYS = Set.of("raw", "masked");

    /** The policy the documents say together; no documents, the defaults. */
    static GovernancePolicy of(List<PolicyDocument> docs) {
        Builder policy = new Builder();
        docs.forEach(policy::add);
        return policy.build();
    }

    /** The detected columns with the policy applied: {@code never} removed, {@code always} added or re-kinded. */
    List<PiiColumn> apply(List<TableSample> tables, List<PiiColumn> detected) {
        List<PiiColumn> result = new ArrayList<>();
        for (PiiColumn column : detected) {
            if (!never.contains(key(column.table(), column.column())) && !always.containsKey(key(column.table(), column.column()))) {
                result.add(column);
            }
        }
        for (TableSample table : tables) {
            for (ColumnSample column : table.columns()) {
                PiiKind kind = always.get(key(table.table(), column.name()));
                if (kind != null) {
                    result.add(new PiiColumn(table.table(), column.name(), kind, 1.0, "named " + kind.id() + " by " + String.join(", ", documents)));
                }
            }
        }
        return result;
    }

    /** The detected columns the policy keeps untagged. */
    List<PiiColumn> overruled(List<PiiColumn> detected) {
        return detected.stream().filter(c -> never.contains(key(c.table(), c.column()))).toList();
    }

    /** What the review shows: the documents, the roles, and each column the policy decided. */
    String reviewText(List<PiiColumn> detected) {
        if (documents.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder("\nDocuments used: ").append(String.join(", ", documents)).append('\n')
                .append("  roles: raw PII ").append(roles.raw()).append(", masked only ").append(roles.masked()).append('\n');
        overruled(detected).forEach(c -> text.append("  not tagged (policy says never): landing.").append(c.qualified())
                .append(", which the detector took for ").append(c.kind().id()).append('\n'));
        always.forEach((column, kind) -> text.append("  always ").append(kind.id()).append(": ").append(column).append('\n'));
        return text.toString();
    }

    private static String key(String table, String column) {
        return (table + "." + column).toLowerCase(Locale.ROOT);
    }

    /** Reads documents one by one, refusing anything it cannot apply exactly. */
    private static final class Builder {
        private final Map<String, PiiKind> always = new LinkedHashMap<>();
        private final Map<String, String> alwaysFrom = new LinkedHashMap<>();
        private final Map<String, String> never = new LinkedHashMap<>();
        private final Map<String, String> roles = new LinkedHashMap<>();
        private final Map<String, String> rolesFrom = new LinkedHashMap<>();
        private final List<String> documents = new ArrayList<>();

        void add(PolicyDocument doc) {
            String path = doc.path();
            JsonNode body = doc.body();
            onlyKeys(path, "", body, KEYS);
            JsonNode pii = body.path("pii");
            onlyKeys(path, "pii.", pii, PII_KEYS);
            for (Iterator<Map.Entry<String, JsonNode>> it = pii.path("always").properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                addAlways(path, column(path, entry.getKey()), kind(path, entry.getKey(), entry.getValue()));
            }
            if (!pii.path("always").isMissingNode() && !pii.path("always").isObject()) {
                throw new PolicyException(path + ": pii.always must map table.column to a PII kind, e.g. { customers.email: email }");
            }
            JsonNode neverList = pii.path("never");
            if (!neverList.isMissingNode() && !neverList.isArray()) {
                throw new PolicyException(path + ": pii.never must be a list of table.column, e.g. [customers.country]");
            }
            neverList.forEach(node -> addNever(path, column(path, node.asString(""))));
            JsonNode roleNode = body.path("roles");
            onlyKeys(path, "roles.", roleNode, ROLE_KEYS);
            roleNode.properties().forEach(e -> addRole(path, e.getKey(), e.getValue().asString("")));
            documents.add(doc.citation());
        }

        private void addAlways(String path, String column, PiiKind kind) {
            conflict(path, column, never.get(column), "never");
            PiiKind before = always.putIfAbsent(column, kind);
            if (before != null && before != kind) {
                throw new PolicyException(path + ": pii.always says " + column + " is " + kind.id() + ", " + alwaysFrom.get(column)
                        + " says " + before.id() + "; make them agree");
            }
            alwaysFrom.putIfAbsent(column, path);
        }

        private void addNever(String path, String column) {
            conflict(path, column, alwaysFrom.get(column), "always");
            never.putIfAbsent(column, path);
        }

        private static void conflict(String path, String column, String other, String otherList) {
            if (other != null) {
                throw new PolicyException(path + ": " + column + " is in pii." + otherList + " of " + other
                        + " too; a column is either always or never PII");
            }
        }

        private void addRole(String path, String which, String role) {
            if (!ROLE.matcher(role).matches()) {
                throw new PolicyException(path + ": roles." + which + " must be a plain role name (lower-case letters, digits, '_')");
            }
            String before = roles.putIfAbsent(which, role);
            if (before != null && !before.equals(role)) {
                throw new PolicyException(path + ": roles." + which + " is " + role + ", " + rolesFrom.get(which) + " says " + before
                        + "; make them agree");
            }
            rolesFrom.putIfAbsent(which, path);
        }

        GovernancePolicy build() {
            return new GovernancePolicy(Map.copyOf(always), Set.copyOf(never.keySet()),
                    new AccessPolicies.Roles(roles.getOrDefault("raw", AccessPolicies.RAW_ROLE), roles.getOrDefault("masked", AccessPolicies.MASKED_ROLE)),
                    List.copyOf(documents));
        }

        private static void onlyKeys(String path, String prefix, JsonNode node, Set<String> allowed) {
            if (node.isMissingNode()) {
                return;
            }
            if (!node.isObject()) {
                throw new PolicyException(path + ": " + (prefix.isEmpty() ? "the front matter" : prefix.substring(0, prefix.length() - 1))
                        + " must be a mapping");
            }
            node.propertyNames().forEach(key -> {
                if (!allowed.contains(key)) {
                    throw new PolicyException(path + ": unknown key " + prefix + key + " (known: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
                }
            });
        }

        private static String column(String path, String column) {
            if (!column.matches("[^.\\s]+\\.[^.\\s]+")) {
                throw new PolicyException(path + ": '" + column + "' is not table.column");
            }
            return column.toLowerCase(Locale.ROOT);
        }

        private static PiiKind kind(String path, String column, JsonNode value) {
            String id = value.asString("");
            Optional<PiiKind> kind = java.util.Arrays.stream(PiiKind.values()).filter(k -> k.id().equals(id)).findFirst();
            return kind.orElseThrow(() -> new PolicyException(path + ": pii.always." + column + " is not a PII kind (one of "
                    + String.join(", ", java.util.Arrays.stream(PiiKind.values()).map(PiiKind::id).toList()) + ")"));
        }
    }
}
