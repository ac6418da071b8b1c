package org.queueservice.schema.migrations.audit.checks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.audit.AuditReport.Severity;
import org.queueservice.schema.migrations.citus.CitusCatalog;
import org.queueservice.schema.migrations.citus.TableDistribution;
import org.queueservice.schema.migrations.internal.QueryRows;
import org.queueservice.schema.model.TenantIsolation;

/**
 * On the workers, every shard placement of every distributed tenant table has row-level security enabled and
 * forced and the table's tenant policy as the coordinator's table has it: a query routed to a shard is filtered
 * by the shard's own policy, not the coordinator's. Citus copies them when it distributes and propagates a change
 * made through the coordinator; a change made on a worker directly, or a placement copied by hand, escapes that,
 * and the coordinator's catalog, which the other checks read, does not show it. Read through
 * {@code run_command_on_placements}, as the catalog of each placement has it.
 */
@Check(id = "CTS4", title = "Tenant isolation on every shard placement", section = Section.CITUS, severity = Severity.CRITICAL,
        remediation = "Make the change through the coordinator, which propagates it to every placement: DROP POLICY IF EXISTS "
        + "<table>_tenant_isolation ON <table> and CREATE POLICY again as the latest version defines it, or ALTER TABLE <table> "
        + "ENABLE and FORCE ROW LEVEL SECURITY; never change a shard on a worker directly.")
final class Cts4IsolationOnEveryShard extends CoordinatorCheck {

    /** A relation's row-level security and tenant policy, one line; {@code %1$s} is the relation, {@code %2$s} the policy. */
    private static final String STATE = "select c.relrowsecurity || '|' || c.relforcerowsecurity || '|' || coalesce((select p.polcmd::text "
            + "|| ' ' || case when p.polpermissive then 'permissive' else 'restrictive' end "
            + "|| ' using ' || coalesce(pg_get_expr(p.polqual, p.polrelid), '-') || ' with check ' || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '-') "
            + "from pg_policy p where p.polrelid = c.oid and p.polname = %2$s), '') from pg_class c where c.oid = %1$s::regclass";

    /** What one relation has: row-level security enabled, forced, and its tenant policy (empty when it has none). */
    record Isolation(boolean enabled, boolean forced, String policy) {

        static Isolation parse(String state) {
            String[] parts = state.split("\\|", 3);
            return new Isolation("t".equals(parts[0]), "t".equals(parts[1]), parts[2]);
        }

        /** How this placement differs from the coordinator's table, one phrase each; empty when it does not. */
        List<String> differences(Isolation coordinator, String policyName) {
            List<String> differences = new ArrayList<>();
            if (coordinator.enabled && !enabled) {
                differences.add("row-level security is not enabled");
            }
            if (coordinator.forced && !forced) {
                differences.add("row-level security is not forced");
            }
            if (!coordinator.policy.isEmpty() && policy.isEmpty()) {
                differences.add("policy " + policyName + " is missing");
            } else if (!policy.equals(coordinator.policy)) {
                differences.add("policy " + policyName + " is `" + policy + "`, on the coordinator `" + coordinator.policy + "`");
            }
            return differences;
        }
    }

    @Override
    Outcome evaluateOnCoordinator(AuditContext context, Connection c) throws SQLException {
        Map<String, TableDistribution> placement = CitusCatalog.distributions(c).stream()
                .collect(Collectors.toMap(TableDistribution::table, Function.identity()));
        List<String> problems = new ArrayList<>();
        int tables = 0;
        int placements = 0;
        for (String table : CitusCatalog.tenantTables(c)) {
            if (!placement.get(table).method().equals("distributed")) {
                continue; // CTS1 names it; its rows are on the coordinator, whose table the other checks read
            }
            tables++;
            String policy = TenantIsolation.tenantPolicy(DSL.name(table)).last();
            // The policy comes first in STATE's text, then the relation.
            Isolation coordinator = Isolation.parse(QueryRows.of(c, String.format(STATE, "?", "?"), policy, table).get(0).get(0));
            // format() quotes the policy's name and leaves %s, which run_command_on_placements replaces by each shard's name.
            for (List<String> row : QueryRows.of(c, "select nodename || ':' || nodeport, shardid, success, result "
                    + "from run_command_on_placements(?::regclass, format(?, ?::text)) order by shardid, 1",
                    table, String.format(STATE, "'%%s'", "%L"), policy)) {
                placements++;
                String where = table + ": shard " + row.get(1) + " on " + row.get(0);
                if (!"t".equals(row.get(2))) {
                    problems.add(where + " could not be read: " + row.get(3));
                    continue;
                }
                List<String> differences = Isolation.parse(row.get(3)).differences(coordinator, policy);
                if (!differences.isEmpty()) {
                    problems.add(where + ": " + String.join(", ", differences));
                }
            }
        }
        return Outcome.of(problems, placements + " placements of " + tables + " distributed tenant tables read on the workers and "
                + "compared with the coordinator's tables: row-level security enabled, forced, the tenant policy");
    }
}
