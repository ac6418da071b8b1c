package org.queueservice.schema.migrations.review.rules;

import java.util.ArrayList;
import java.util.List;

import org.queueservice.schema.model.Tenants;

@Rule(code = "QS201", severity = Severity.ERROR, title = "Table without ENABLE and FORCE row-level security",
        explanation = "Without ENABLE ROW LEVEL SECURITY no policy applies and every tenant reads every other tenant's rows; "
                + "without FORCE the table's owner, the login migrations and maintenance often run as, does. A table created "
                + "without both, or a version that turns either off and not back on, leaves tenants unisolated.",
        safeAlternative = "`TenantIsolation.enable(table, roles)`: ENABLE and FORCE, the tenant and maintenance policies and the "
                + "grants, as the generator writes for every new table. A backfill that lifts FORCE forces it again in the same step.")
final class Qs201RowLevelSecurityOff implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) {
        List<Finding> findings = new ArrayList<>();
        for (StatementAction created : context.actions(ActionKind.CREATE_TABLE)) {
            String table = created.action().table();
            if (table.equals(Tenants.NAME.last()) || !context.creates(created.action())) {
                continue; // the tenants service's table, created only as a stand-in when missing: not a tenant table
            }
            List<String> missing = new ArrayList<>();
            if (!onLater(context, created, ActionKind.ENABLE_RLS, ActionKind.DISABLE_RLS)) {
                missing.add("ENABLE");
            }
            if (!onLater(context, created, ActionKind.FORCE_RLS, ActionKind.NO_FORCE_RLS)) {
                missing.add("FORCE");
            }
            if (!missing.isEmpty()) {
                findings.add(created.finding("table " + table + " created without " + String.join(" and ", missing) + " ROW LEVEL SECURITY"));
            }
        }
        for (StatementAction off : context.onExistingTables(ActionKind.DISABLE_RLS, ActionKind.NO_FORCE_RLS)) {
            ActionKind on = off.action().kind() == ActionKind.DISABLE_RLS ? ActionKind.ENABLE_RLS : ActionKind.FORCE_RLS;
            if (!onLater(context, off, on, off.action().kind())) {
                findings.add(off.finding("row-level security of " + off.action().table() + " left "
                        + (on == ActionKind.ENABLE_RLS ? "disabled" : "not forced")));
            }
        }
        return findings;
    }

    /** Whether, after {@code from}, the table's last word on the setting is {@code on} rather than {@code off}. */
    private static boolean onLater(ReviewContext context, StatementAction from, ActionKind on, ActionKind off) {
        boolean result = false;
        for (StatementAction later : context.laterInReview(from)) {
            if (from.action().table().equals(later.action().table())) {
                result = later.action().kind() == on || result && later.action().kind() != off;
            }
        }
        return result;
    }
}
