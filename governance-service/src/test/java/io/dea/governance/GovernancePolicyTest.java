package io.dea.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dea.platform.policy.PolicyDocuments;
import io.dea.platform.policy.PolicyKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Policy documents as a team writes them, and the ways they go wrong: each stops the step and names the file. */
class GovernancePolicyTest {

    private static GovernancePolicy policy(String... pathsAndFrontMatter) {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndFrontMatter.length; i += 2) {
            files.put(pathsAndFrontMatter[i], "---\n" + pathsAndFrontMatter[i + 1] + "\n---\n# prose\n");
        }
        files.put("docs/runbook.md", "---\ntitle: On call\n---\nNot a policy.\n");
        files.put("models/shop/pii.md", "---\ndea: governance\npii: { never: [customers.email] }\n---\n"); // not under docs/
        return GovernancePolicy.of(PolicyDocuments.of(files, PolicyKind.GOVERNANCE));
    }

    @Test
    void noPolicyDocumentKeepsTheDefaults() {
        GovernancePolicy none = policy();

        assertThat(none).isEqualTo(GovernancePolicy.DEFAULT);
        assertThat(none.reviewText(List.of())).isEmpty();
    }

    @Test
    void twoDocumentsAddUpAndAreBothCited() {
        GovernancePolicy both = policy("docs/a.md", "dea: governance\npii: { always: { Customers.Loyalty: national_id } }",
                "docs/b.md", "dea: governance\npii: { never: [customers.country] }\nroles: { masked: bi }");

        assertThat(both.always()).containsEntry("customers.loyalty", PiiKind.NATIONAL_ID);
        assertThat(both.never()).containsExactly("customers.country");
        assertThat(both.roles()).isEqualTo(new AccessPolicies.Roles("pii_reader", "bi"));
        assertThat(both.documents()).hasSize(2).allMatch(d -> d.matches("docs/[ab]\\.md@[0-9a-f]{7}"));
    }

    @Test
    void everyMistakeNamesTheFileAndWhatToChange() {
        assertThatThrownBy(() -> policy("docs/p.md", "dea: governance\npii: { always: { customers.x: passport } }"))
                .hasMessageStartingWith("docs/p.md: pii.always.customers.x is not a PII kind (one of email, phone");
        assertThatThrownBy(() -> policy("docs/p.md", "dea: governance\npii: { always: { x: email } }"))
                .hasMessage("docs/p.md: 'x' is not table.column");
        assertThatThrownBy(() -> policy("docs/p.md", "dea: governance\nroles: { raw: \"pii; DROP ROLE admin\" }"))
                .hasMessage("docs/p.md: roles.raw must be a plain role name (lower-case letters, digits, '_')");
        assertThatThrownBy(() -> policy("docs/p.md", "dea: governance\nmasking: hash"))
                .hasMessage("docs/p.md: unknown key masking (known: dea, pii, roles)");
        assertThatThrownBy(() -> policy("docs/a.md", "dea: governance\npii: { always: { c.e: email } }",
                "docs/b.md", "dea: governance\npii: { never: [c.e] }"))
                .hasMessage("docs/b.md: c.e is in pii.always of docs/a.md too; a column is either always or never PII");
        assertThatThrownBy(() -> policy("docs/a.md", "dea: governance\nroles: { raw: x }", "docs/b.md", "dea: governance\nroles: { raw: y }"))
                .hasMessage("docs/b.md: roles.raw is y, docs/a.md says x; make them agree");
        assertThatThrownBy(() -> policy("docs/p.md", "dea: governance\npii: [always]"))
                .hasMessage("docs/p.md: pii must be a mapping");
    }

    @Test
    void aPolicyWhoseFrontMatterDoesNotParseFailsClosedAndOthersAreLeftAlone() {
        assertThatThrownBy(() -> PolicyDocuments.of(Map.of("docs/p.md", "---\ndea: governance\npii: { always: [\n---\n"), PolicyKind.GOVERNANCE))
                .isInstanceOf(PolicyDocuments.PolicyException.class)
                .hasMessageStartingWith("docs/p.md: the front matter is not YAML (");
        assertThatThrownBy(() -> PolicyDocuments.of(Map.of("docs/p.md", "---\ndea: governance\n"), PolicyKind.GOVERNANCE))
                .hasMessage("docs/p.md: the front matter opened by '---' on line 1 is never closed by another '---' line");
        assertThat(PolicyDocuments.of(Map.of("docs/site.md", "---\ntitle: [broken\n---\n"), PolicyKind.GOVERNANCE)).isEmpty();
        assertThat(PolicyDocuments.of(Map.of("docs/sla.md", "---\ndea: sla\n---\n"), PolicyKind.GOVERNANCE)).isEmpty();
    }
}
