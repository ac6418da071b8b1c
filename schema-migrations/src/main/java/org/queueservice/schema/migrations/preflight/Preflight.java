package org.queueservice.schema.migrations.preflight;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.queueservice.schema.migrations.MigrationFailure;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.internal.QueryRows;

/**
 * The refusals that must come before a command changes anything: one line naming every reason, each with its
 * rule's code, and "Nothing was changed."
 */
public final class Preflight {

    /** Every rule, in the order their refusals are printed. */
    static final List<PreflightRule> RULES = List.of(new Pre1PublicSchema(), new Pre2PowerlessRoles(),
            new Pre3RolesOwnNothing(), new Pre4RolesApart(), new Pre5RolesCreatable(), new Pre6TenantsShape());

    private Preflight() {
    }

    /** Before migrate applies a pending version, or adopt converts a database: every rule. */
    public static void beforeChanges(String operation, Connection c, MigrationSettings settings) throws SQLException {
        refuseIfAny(operation, refusals(PreflightFacts.read(c, settings.roles()), RULES));
    }

    /** Before rollback or the audit: only the schema rule, the one their statements depend on. */
    public static void requirePublicSchema(Connection c, String operation) throws SQLException {
        PreflightRule schema = new Pre1PublicSchema();
        refuseIfAny(operation, Pre1PublicSchema.refusals(QueryRows.of(c, "select current_schema()").get(0).get(0)).stream()
                .map(refusal -> coded(refusal, schema)).toList());
    }

    static List<String> refusals(PreflightFacts facts, List<PreflightRule> rules) {
        List<String> refusals = new ArrayList<>();
        for (PreflightRule rule : rules) {
            rule.refusals(facts).forEach(refusal -> refusals.add(coded(refusal, rule)));
        }
        return refusals;
    }

    private static String coded(String refusal, PreflightRule rule) {
        return refusal + " (" + rule.code() + ")";
    }

    private static void refuseIfAny(String operation, List<String> refusals) {
        if (!refusals.isEmpty()) {
            throw new MigrationFailure(operation + " refused: " + String.join("; ", refusals) + ". Nothing was changed.");
        }
    }
}
