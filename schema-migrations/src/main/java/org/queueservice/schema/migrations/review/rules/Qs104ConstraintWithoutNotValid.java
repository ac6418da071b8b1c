package org.queueservice.schema.migrations.review.rules;

import java.util.ArrayList;
import java.util.List;

@Rule(code = "QS104", severity = Severity.ERROR, title = "Foreign key or CHECK added without NOT VALID",
        explanation = "Adding a CHECK (under ACCESS EXCLUSIVE) or a foreign key (under SHARE ROW EXCLUSIVE, on both tables) "
                + "checks every existing row while the lock is held: reads or writes of the table wait for the whole scan.",
        safeAlternative = "`OnlineDdl.addCheckNotValid(...)` (ADD CONSTRAINT ... NOT VALID, brief) then `OnlineDdl.validate(...)` "
                + "(VALIDATE CONSTRAINT, scans under SHARE UPDATE EXCLUSIVE while reads and writes go on), in separate steps of a "
                + "version whose `canExecuteInTransaction()` is false: in one transaction the ADD's lock is held through the scan.")
final class Qs104ConstraintWithoutNotValid implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) {
        List<Finding> findings = new ArrayList<>(context.onExistingTables(ActionKind.ADD_CHECK, ActionKind.ADD_FOREIGN_KEY).stream()
                .filter(a -> a.action().cost() == Cost.SCAN)
                .map(a -> a.finding((a.action().kind() == ActionKind.ADD_CHECK ? "CHECK " : "foreign key ")
                        + (a.action().object() == null ? "" : a.action().object() + " ") + "on " + a.action().table()
                        + " added without NOT VALID: " + a.action().lock().label() + " while every row is checked"))
                .toList());
        // NOT VALID only helps when VALIDATE commits apart from it: a lock is held until its transaction ends, so a
        // VALIDATE in the transaction of the ADD (a transactional version) scans under the ADD's lock all the same.
        for (StatementAction validate : context.onExistingTables(ActionKind.VALIDATE_CONSTRAINT)) {
            if (!validate.statement().inTransaction()) {
                continue;
            }
            context.actions(ActionKind.values()).stream()
                    .filter(held -> context.runsBefore(held.statement(), validate.statement())
                            && held.statement().transaction().equals(validate.statement().transaction())
                            && validate.action().table().equals(held.action().table()) && held.action().blocksWrites())
                    .findFirst()
                    .ifPresent(held -> findings.add(validate.finding("constraint " + validate.action().object() + " on "
                            + validate.action().table() + " validated in the transaction that holds " + held.action().lock().label()
                            + " on it since statement " + held.statement().number() + ": every row is checked under that lock")));
        }
        return findings;
    }
}
