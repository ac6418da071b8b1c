package org.queueservice.schema.migrations.review.rules;

import java.util.List;

@Rule(code = "QS126", severity = Severity.ERROR, title = "Trigger disabled",
        explanation = "ALTER TABLE ... DISABLE TRIGGER switches a trigger off for every session, the queue service's included, until "
                + "it is enabled again: rows written meanwhile skip it (updated_at stays stale). DISABLE TRIGGER ALL also switches "
                + "off the triggers that enforce foreign keys, so rows may reference a missing or another tenant's row.",
        safeAlternative = "Keep triggers on; write a backfill so that the trigger's effect is right, in bounded batches. When a trigger "
                + "must go, drop it in a version that says why.")
final class Qs126DisableTrigger implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) {
        return context.onExistingTables(ActionKind.DISABLE_TRIGGER).stream()
                .map(a -> a.finding("trigger " + a.action().object() + " on " + a.action().table() + " disabled for every session"
                        + (a.action().object().equals("all") ? ", foreign-key triggers included" : "")))
                .toList();
    }
}
