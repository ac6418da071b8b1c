package org.queueservice.schema.migrations.preflight;

import java.util.ArrayList;
import java.util.List;

/**
 * The service role must not be able to act as the maintenance role, whose policy admits every tenant, nor
 * the other way round; membership counts however indirect (pg_has_role).
 */
final class Pre4RolesApart implements PreflightRule {

    @Override
    public String code() {
        return "PRE4";
    }

    @Override
    public List<String> refusals(PreflightFacts facts) {
        List<String> refusals = new ArrayList<>();
        for (PreflightFacts.Role role : facts.roles()) {
            role.memberOf().ifPresent(other -> refusals.add("role " + role.name() + " is a member of " + other
                    + "; the service and maintenance roles must stay apart"));
        }
        return refusals;
    }
}
