package org.queueservice.schema.migrations.preflight;

import java.util.ArrayList;
import java.util.List;

/**
 * A role that does not exist yet is created by V2, after V1 has committed its tables: without CREATEROLE that
 * would fail half-way, so it is refused before V1.
 */
final class Pre5RolesCreatable implements PreflightRule {

    @Override
    public String code() {
        return "PRE5";
    }

    @Override
    public List<String> refusals(PreflightFacts facts) {
        List<String> refusals = new ArrayList<>();
        if (!facts.mayCreateRoles()) {
            for (PreflightFacts.Role role : facts.roles()) {
                if (!role.exists()) {
                    refusals.add("role " + role.name() + " does not exist and " + facts.currentUser()
                            + " may not create it (no CREATEROLE): create it as NOLOGIN first, or migrate as a user with CREATEROLE");
                }
            }
        }
        return refusals;
    }
}
