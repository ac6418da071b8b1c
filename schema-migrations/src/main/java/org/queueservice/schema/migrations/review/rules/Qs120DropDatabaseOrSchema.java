package org.queueservice.schema.migrations.review.rules;

import java.util.List;

@Rule(code = "QS120", severity = Severity.ERROR, title = "DROP DATABASE or DROP SCHEMA",
        explanation = "A migration that drops a database or a schema removes every table, function and row in it, for every "
                + "tenant, beyond anything rollback can restore; DROP DATABASE cannot even run inside the version's transaction.",
        safeAlternative = "Leave databases and schemas to the operator who provisions them; drop the tables a change no longer needs "
                + "one by one, each accepted under QS110.")
final class Qs120DropDatabaseOrSchema implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) {
        return context.actions(ActionKind.DROP_DATABASE, ActionKind.DROP_SCHEMA).stream()
                .map(a -> a.finding((a.action().kind() == ActionKind.DROP_DATABASE ? "database " : "schema ") + a.action().object()
                        + " dropped with everything in it"))
                .toList();
    }
}
