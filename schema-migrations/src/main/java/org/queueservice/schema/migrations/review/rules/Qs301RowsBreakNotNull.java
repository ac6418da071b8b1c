package org.queueservice.schema.migrations.review.rules;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

@Rule(code = "QS301", severity = Severity.ERROR, title = "Existing rows break a new NOT NULL",
        explanation = "Counted on the database given with --url: the rows that hold NULL where the version demands a value. "
                + "The version fails there (SQLSTATE 23502), after waiting for its lock.",
        safeAlternative = "Backfill the rows first (a version of its own), or give the column a default.")
final class Qs301RowsBreakNotNull implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        if (context.live().isEmpty()) {
            return findings;
        }
        LiveDatabase live = context.live().get();
        for (StatementAction a : context.onExistingTables(ActionKind.ADD_COLUMN, ActionKind.SET_NOT_NULL)) {
            String table = a.action().table();
            String column = a.action().object();
            long rows;
            if (a.action().kind() == ActionKind.SET_NOT_NULL) {
                rows = live.columnType(table, column).isPresent()
                        ? live.count("select count(*) from " + Identifiers.quote(table) + " where " + Identifiers.quote(column) + " is null") : 0;
            } else if (ColumnDefinition.notNullWithoutValue(a.action().clause()) && live.columnType(table, column).isEmpty()) {
                rows = live.count("select count(*) from " + Identifiers.quote(table));
            } else {
                continue;
            }
            if (rows > 0) {
                findings.add(a.finding(table + "." + column + ": " + Identifiers.count(rows) + " rows are NULL"));
            }
        }
        return findings;
    }
}
