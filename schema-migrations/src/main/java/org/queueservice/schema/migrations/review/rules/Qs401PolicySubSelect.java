package org.queueservice.schema.migrations.review.rules;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

@Rule(code = "QS401", severity = Severity.ERROR, title = "Policy with a sub-select on a table Citus holds",
        explanation = "Citus 13.2 refuses a sub-select (`(SELECT ...)`, `EXISTS`, `IN (SELECT ...)`) in a policy of a distributed "
                + "or reference table: ALTER POLICY fails with `cannot create policy` / `Subqueries are not supported in policies "
                + "on distributed tables` (SQLSTATE 0A000), CREATE POLICY with `unexpected non-SELECT command in SubLink` (XX000). "
                + "Every tenant table is distributed by tenant_id on Citus, so the version stops there.",
        safeAlternative = "Compare tenant_id with the setting directly, as every tenant policy does since V4: "
                + "`tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid` (`TenantIsolation.tenantCondition()`).")
final class Qs401PolicySubSelect implements HazardRule {

    /** A parenthesized query: a scalar sub-select, EXISTS, IN, ANY or ARRAY of one, or a VALUES list standing for one. */
    private static final Pattern SUB_SELECT = Pattern.compile("\\( ?(select|with|values|table)\\b");

    @Override
    public List<Finding> find(ReviewContext context) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        for (StatementAction a : context.actions(ActionKind.CREATE_POLICY, ActionKind.ALTER_POLICY)) {
            if (!CitusTables.held(context, a.action().table(), a.statement())) {
                continue;
            }
            PolicyClause policy = PolicyClause.of(a);
            List<String> where = new ArrayList<>();
            if (subSelect(policy.using())) {
                where.add("USING");
            }
            if (subSelect(policy.withCheck())) {
                where.add("WITH CHECK");
            }
            if (!where.isEmpty()) {
                findings.add(a.finding("policy " + policy.name() + " on " + policy.table() + " has a sub-select in "
                        + String.join(" and ", where) + ": Citus refuses it on a distributed table"));
            }
        }
        return findings;
    }

    private static boolean subSelect(Optional<String> condition) {
        return condition.isPresent() && SUB_SELECT.matcher(SqlText.withoutLiterals(condition.get())).find();
    }
}
