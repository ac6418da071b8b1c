package org.queueservice.schema.migrations.preflight;

import java.util.ArrayList;
import java.util.List;

/** Row-level security binds neither a superuser nor a BYPASSRLS role: as the service role, one sees every tenant. */
final class Pre2PowerlessRoles implements PreflightRule {

    @Override
    public String code() {
        return "PRE2";
    }

    @Override
    public List<String> refusals(PreflightFacts facts) {
        List<String> refusals = new ArrayList<>();
        for (PreflightFacts.Role role : facts.roles()) {
            if (role.superuser()) {
                refusals.add("role " + role.name() + " is a superuser, which row-level security never binds");
            }
            if (role.bypassRls()) {
                refusals.add("role " + role.name() + " has BYPASSRLS, which row-level security never binds");
            }
        }
        return refusals;
    }
}
