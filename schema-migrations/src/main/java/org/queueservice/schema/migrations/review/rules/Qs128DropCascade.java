package org.queueservice.schema.migrations.review.rules;

import java.util.List;

@Rule(code = "QS128", severity = Severity.ERROR, title = "DROP ... CASCADE",
        explanation = "CASCADE drops whatever depends on the object, objects the statement does not name: dropping the "
                + "set_updated_at function drops every table's updated_at trigger, dropping a column or a type drops the views, "
                + "indexes and constraints that use it. The review cannot see those drops, and rollback does not restore them.",
        safeAlternative = "Drop the dependent objects by name first, each in view of the review, then the object with RESTRICT (the "
                + "default), which fails rather than dropping something unnamed.")
final class Qs128DropCascade implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) {
        return context.statements().stream()
                .flatMap(s -> s.actions().stream().map(a -> new StatementAction(s, a)))
                .filter(a -> a.action().clause().startsWith("drop") || a.action().kind() == ActionKind.DROP_COLUMN
                        || a.action().kind() == ActionKind.DROP_CONSTRAINT)
                .filter(a -> SqlText.topLevelWords(a.action().clause()).contains("cascade"))
                .map(a -> a.finding("statement " + a.statement().number() + " drops with CASCADE: what depends on "
                        + (a.action().object() != null ? a.action().object() : a.action().target()) + " goes too, unnamed"))
                .distinct()
                .toList();
    }
}
