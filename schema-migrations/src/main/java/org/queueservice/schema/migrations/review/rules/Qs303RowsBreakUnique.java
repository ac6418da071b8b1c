package org.queueservice.schema.migrations.review.rules;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@Rule(code = "QS303", severity = Severity.ERROR, title = "Existing rows break a new unique",
        explanation = "Counted on the database given with --url: the groups of rows that share the new key (NULLs never "
                + "collide). Building the unique index fails there; built CONCURRENTLY it leaves an INVALID index behind.",
        safeAlternative = "Remove or merge the duplicates first, or widen the key (per tenant: lead with tenant_id).")
final class Qs303RowsBreakUnique implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        if (context.live().isEmpty()) {
            return findings;
        }
        for (StatementAction a : context.onExistingTables(ActionKind.ADD_UNIQUE, ActionKind.CREATE_INDEX)) {
            String clause = a.action().clause();
            boolean unique = a.action().kind() == ActionKind.ADD_UNIQUE || clause.startsWith("create unique index");
            Optional<String> keys = a.action().kind() == ActionKind.ADD_UNIQUE
                    ? SqlText.parenthesizedAfter(clause, clause.contains(" primary key") ? "primary key" : "unique")
                    // the key follows the table, or the access method when one is named: "on jobs using btree (...)"
                    : SqlText.parenthesizedAfter(clause.replaceFirst(" where .*$", "").replaceFirst(" using [\\w$]+ ?\\(", " ("),
                            a.action().table());
            if (!unique || keys.isEmpty()) {
                continue;
            }
            String where = clause.matches("^create unique index .* where .*$") ? " where " + clause.replaceFirst("^.*? where ", "") : "";
            String notNull = String.join(" and ", SqlText.splitTopLevel(keys.get()).stream().map(k -> "(" + k + ") is not null").toList());
            long groups = context.live().get().count("select count(*) from (select 1 from " + Identifiers.quote(a.action().table())
                    + (where.isEmpty() ? " where " : where + " and ") + notNull + " group by " + keys.get() + " having count(*) > 1) d");
            if (groups > 0) {
                findings.add(a.finding(a.action().table() + " (" + keys.get() + "): " + Identifiers.count(groups)
                        + " groups of rows share a key"));
            }
        }
        return findings;
    }
}
