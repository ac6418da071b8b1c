package org.queueservice.schema.migrations.review.rules;

import java.util.List;

@Rule(code = "QS104", severity = Severity.ERROR, title = "Foreign key or CHECK added without NOT VALID",
        explanation = "Adding a CHECK (under ACCESS EXCLUSIVE) or a foreign key (under SHARE ROW EXCLUSIVE, on both tables) "
                + "checks every existing row while the lock is held: reads or writes of the table wait for the whole scan.",
        safeAlternative = "`OnlineDdl.addCheckNotValid(...)` (ADD CONSTRAINT ... NOT VALID, brief) then `OnlineDdl.validate(...)` "
                + "(VALIDATE CONSTRAINT, scans under SHARE UPDATE EXCLUSIVE while reads and writes go on), in separate steps.")
final class Qs104ConstraintWithoutNotValid implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) {
        return context.onExistingTables(ActionKind.ADD_CHECK, ActionKind.ADD_FOREIGN_KEY).stream()
                .filter(a -> a.action().cost() == Cost.SCAN)
                .map(a -> a.finding((a.action().kind() == ActionKind.ADD_CHECK ? "CHECK " : "foreign key ")
                        + (a.action().object() == null ? "" : a.action().object() + " ") + "on " + a.action().table()
                        + " added without NOT VALID: " + a.action().lock().label() + " while every row is checked"))
                .toList();
    }
}
