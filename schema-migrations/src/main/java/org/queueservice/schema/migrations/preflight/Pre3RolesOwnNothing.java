package org.queueservice.schema.migrations.preflight;

import java.util.ArrayList;
import java.util.List;

/**
 * Neither role may own (or be a member of the owner of) the schema, the tables, or the user that migrates:
 * an owner can switch row-level security off, drop the policies and grant itself anything.
 */
final class Pre3RolesOwnNothing implements PreflightRule {

    @Override
    public String code() {
        return "PRE3";
    }

    @Override
    public List<String> refusals(PreflightFacts facts) {
        List<String> refusals = new ArrayList<>();
        for (PreflightFacts.Role role : facts.roles()) {
            if (!role.owns().isEmpty()) {
                refusals.add("role " + role.name() + " owns " + String.join(", ", role.owns()));
            }
        }
        return refusals;
    }
}
