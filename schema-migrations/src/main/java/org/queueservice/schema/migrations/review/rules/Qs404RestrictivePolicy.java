package org.queueservice.schema.migrations.review.rules;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

@Rule(code = "QS404", severity = Severity.ERROR, title = "Restrictive policy on a table Citus holds",
        explanation = "Citus 13.2 accepts CREATE POLICY ... AS RESTRICTIVE on a distributed or reference table and keeps it "
                + "restrictive in the coordinator's catalog, but recreates it PERMISSIVE on every shard (pg_policy.polpermissive "
                + "true on the workers), and the shards are where the service's queries are filtered. OR-ed with the tenant "
                + "policy instead of AND-ed, it stops narrowing and admits by itself: measured, a tenant under a tenant policy and a "
                + "restrictive `queue <> 'hidden'` read its own hidden rows and the other tenant's other rows, 6 rows where "
                + "PostgreSQL gives 2.",
        safeAlternative = "Put the restriction into the permissive policy's own condition, AND-ed with the tenant comparison: "
                + "`USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid AND queue <> 'hidden')`, the "
                + "same in WITH CHECK.")
final class Qs404RestrictivePolicy implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        for (StatementAction a : context.actions(ActionKind.CREATE_POLICY)) {
            PolicyClause policy = PolicyClause.of(a);
            if (policy.restrictive() && CitusTables.held(context, policy.table(), a.statement())) {
                findings.add(a.finding("policy " + policy.name() + " on " + policy.table()
                        + " is AS RESTRICTIVE: Citus recreates it permissive on every shard, where it widens what the table admits"));
            }
        }
        return findings;
    }
}
