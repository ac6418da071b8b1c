package org.queueservice.schema.migrations.review.rules;

import java.util.List;
import java.util.regex.Pattern;

@Rule(code = "QS125", severity = Severity.ERROR, title = "session_replication_role set",
        explanation = "With session_replication_role = replica (or local) ordinary triggers and the triggers that enforce foreign "
                + "keys do not fire: rows written meanwhile skip updated_at and may reference another tenant's or a missing row. Set "
                + "for a role or a database it lasts beyond the migration.",
        safeAlternative = "Leave it at origin. To skip one trigger for a backfill, write the backfill so that the trigger's effect is "
                + "right (or harmless) rather than switching triggers off.")
final class Qs125SessionReplicationRole implements HazardRule {

    /** Any scope: SET [LOCAL|SESSION], set_config(), ALTER ROLE or DATABASE ... SET; origin and DEFAULT are safe. */
    private static final Pattern SET = Pattern.compile("\\bsession_replication_role'?(?: ?(?:to|=|,) ?)'?(?!origin\\b|default\\b)\\w+");

    @Override
    public List<Finding> find(ReviewContext context) {
        return context.actions(ActionKind.values()).stream()
                .filter(a -> SET.matcher(a.action().clause()).find())
                .map(a -> a.finding("statement " + a.statement().number() + " sets session_replication_role: triggers and foreign "
                        + "keys stop being enforced"))
                .distinct()
                .toList();
    }
}
