package org.queueservice.schema.migrations.review.rules;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

@Rule(code = "QS119", severity = Severity.ERROR, title = "Domain constraint checked against existing rows",
        explanation = "ALTER DOMAIN ... ADD CONSTRAINT (without NOT VALID), VALIDATE CONSTRAINT and SET NOT NULL check every column "
                + "of that type in every table while holding SHARE on each: writes to all of them wait for the scans (a table's own "
                + "VALIDATE needs only SHARE UPDATE EXCLUSIVE, a domain's does not). A column added with a type that is a domain "
                + "with constraints makes PostgreSQL rewrite the table under ACCESS EXCLUSIVE to check them.",
        safeAlternative = "Put the condition on the tables instead: `OnlineDdl.addCheckNotValid(...)` then `OnlineDdl.validate(...)` "
                + "per table; or add the domain constraint NOT VALID (new values only) and leave the old rows to a table CHECK.")
final class Qs119DomainConstraint implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) throws SQLException {
        List<Finding> findings = new ArrayList<>(context.actions(ActionKind.ALTER_DOMAIN).stream()
                .filter(a -> a.action().lock() != null)
                .map(a -> a.finding("domain " + a.action().object() + " checked against every row of every table that uses it, "
                        + "under SHARE"))
                .toList());
        for (StatementAction added : context.onExistingTables(ActionKind.ADD_COLUMN)) {
            String type = ReviewContext.columnType(added.action().clause());
            if (context.constrainedDomain(type, added.statement())) {
                findings.add(added.finding(added.action().table() + "." + added.action().object() + " added with the domain " + type
                        + ", which has constraints: REWRITES " + added.action().table() + " under ACCESS EXCLUSIVE"));
            }
        }
        return findings;
    }
}
