package org.queueservice.schema.migrations.review.rules;

import java.util.List;

@Rule(code = "QS115", severity = Severity.ERROR, title = "VACUUM FULL or CLUSTER",
        explanation = "VACUUM FULL and CLUSTER write a new copy of the table and rebuild every index while holding ACCESS "
                + "EXCLUSIVE: the queue neither reads nor writes the table until the copy is done, minutes on a large one, and "
                + "the disk must hold both copies meanwhile.",
        safeAlternative = "Reclaim space online with pg_repack (or pg_squeeze), run by an operator outside the migrations; or "
                + "copy-and-swap: a new table filled in batches and kept current by a trigger, then renamed in a brief step.")
final class Qs115TableRewrittenByMaintenance implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) {
        return context.actions(ActionKind.VACUUM_FULL, ActionKind.CLUSTER).stream()
                .filter(a -> a.action().table() == null || context.existing(a.action().table(), a.statement()))
                .map(a -> a.finding((a.action().kind() == ActionKind.CLUSTER ? "CLUSTER" : "VACUUM FULL") + " of "
                        + a.action().target() + ": REWRITES it under ACCESS EXCLUSIVE"))
                .toList();
    }
}
