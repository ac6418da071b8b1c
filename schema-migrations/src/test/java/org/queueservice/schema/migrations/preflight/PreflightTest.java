package org.queueservice.schema.migrations.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class PreflightTest {

    private static final PreflightFacts.Role APP = new PreflightFacts.Role("queue_app", true, false, false, List.of(), Optional.empty());
    private static final PreflightFacts.Role OPS =
            new PreflightFacts.Role("queue_maintenance", false, false, false, List.of(), Optional.empty());

    private static PreflightFacts facts(PreflightFacts.TenantsColumn... tenants) {
        return new PreflightFacts("public", "owner", true, List.of(APP, OPS), Optional.of(List.of(tenants)));
    }

    private static PreflightFacts.TenantsColumn column(String name, String type, boolean text, boolean notNull, boolean hasDefault) {
        return new PreflightFacts.TenantsColumn(name, type, text, notNull, hasDefault, name.equals("id"));
    }

    @Test
    void everyRuleHasItsOwnCodeInOrder() {
        assertThat(Preflight.RULES).extracting(PreflightRule::code).containsExactly("PRE1", "PRE2", "PRE3", "PRE4", "PRE5", "PRE6");
    }

    @Test
    void aTenantsTableThatFitsPassesAndEachMisfitIsNamed() {
        PreflightFacts.TenantsColumn id = column("id", "uuid", false, true, false);
        assertThat(Preflight.refusals(facts(id, column("name", "character varying(255)", true, true, false),
                column("plan", "text", true, true, true), column("note", "text", true, false, false)), Preflight.RULES)).isEmpty();

        assertThat(Preflight.refusals(facts(id, column("name", "integer", false, true, false)), Preflight.RULES)).containsExactly(
                "tenants.name is integer, not text; the system tenant's row is inserted with the name 'system' (PRE6)");
    }

    @Test
    void aRoleThatMustBeCreatedNeedsCreateRoleOnlyThen() {
        PreflightFacts withoutCreateRole = new PreflightFacts("public", "owner", false, List.of(APP, OPS), Optional.empty());

        assertThat(Preflight.refusals(withoutCreateRole, Preflight.RULES)).containsExactly("role queue_maintenance does not exist and "
                + "owner may not create it (no CREATEROLE): create it as NOLOGIN first, or migrate as a user with CREATEROLE (PRE5)");
        assertThat(Preflight.refusals(new PreflightFacts("public", "owner", false, List.of(APP, APP), Optional.empty()),
                Preflight.RULES)).isEmpty();
    }
}
