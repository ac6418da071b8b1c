package org.queueservice.schema.migrations.audit.checks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.queueservice.schema.migrations.audit.AuditReport.Severity;
import org.queueservice.schema.migrations.citus.CitusCatalog;
import org.queueservice.schema.migrations.citus.TableDistribution;
import org.queueservice.schema.migrations.internal.QueryRows;

/**
 * On the workers, every shard placement of every distributed tenant table has row-level security enabled and
 * forced and exactly the policies the coordinator's table has, each as permissive or restrictive, for the same
 * command and roles, with the same USING and WITH CHECK: a query routed to a shard is filtered by the shard's own
 * policies, not the coordinator's. Citus copies them when it distributes and propagates a change made through the
 * coordinator, but recreates a restrictive policy as permissive on every shard (QS404), where it widens what a
 * tenant reads; a change made on a worker directly, or a placement copied by hand, escapes the coordinator, whose
 * catalog, which the other checks read, does not show it. Read through {@code run_command_on_placements}, as the
 * catalog of each placement has it.
 */
@Check(id = "CTS4", title = "Tenant isolation on every shard placement", section = Section.CITUS, severity = Severity.CRITICAL,
        remediation = "Make the change through the coordinator, which propagates it to every placement: DROP POLICY IF EXISTS "
        + "<policy> ON <table> (it drops a policy that only placements have, too) and CREATE POLICY again as the latest version "
        + "defines it, or ALTER TABLE <table> ENABLE and FORCE ROW LEVEL SECURITY; never change a shard on a worker directly. "
        + "Citus recreates an AS RESTRICTIVE policy as permissive on the shards: drop it and put its condition in the tenant "
        + "policy instead.")
final class Cts4IsolationOnEveryShard extends CoordinatorCheck {

    /**
     * A relation's row-level security and every one of its policies, by name, as one JSON value: a placement's
     * catalog comes back through run_command_on_placements as a single text. {@code %s} is the relation.
     * Roles by name, sorted: their oids differ from node to node.
     */
    private static final String STATE = "select json_build_object('enabled', c.relrowsecurity, 'forced', c.relforcerowsecurity, "
            + "'policies', coalesce((select json_agg(json_build_object('name', p.polname, 'permissive', p.polpermissive, "
            + "'cmd', case p.polcmd when 'r' then 'SELECT' when 'a' then 'INSERT' when 'w' then 'UPDATE' when 'd' then 'DELETE' else 'ALL' end, "
            + "'roles', (select string_agg(n, ', ' order by n) from (select case r when 0 then 'public' else pg_get_userbyid(r)::text end n "
            + "from unnest(p.polroles) r) roles), "
            + "'using', pg_get_expr(p.polqual, p.polrelid), 'check', pg_get_expr(p.polwithcheck, p.polrelid)) order by p.polname) "
            + "from pg_policy p where p.polrelid = c.oid), '[]'::json))::text from pg_class c where c.oid = %s::regclass";

    /** A {@link #STATE} (the query {@code %s} or a bound text) as rows: enabled, forced, then one policy's fields, null when none. */
    private static final String ROWS = "select s->>'enabled', s->>'forced', p->>'name', p->>'permissive', p->>'cmd', p->>'roles', "
            + "p->>'using', p->>'check' from (select (%s)::json s) state left join lateral json_array_elements(s->'policies') p on true";

    /** One policy of a relation; {@code using} and {@code withCheck} are null when it has none. */
    record Policy(String name, boolean permissive, String command, String roles, String using, String withCheck) {

        /** How this placement's policy differs from the coordinator's of the same name, one phrase each. */
        List<String> differences(Policy coordinator) {
            List<String> differences = new ArrayList<>();
            String policy = "policy " + name;
            if (permissive != coordinator.permissive) {
                differences.add(policy + " is " + kind(permissive) + ", on the coordinator " + kind(coordinator.permissive)
                        + (permissive ? " (Citus recreates a restrictive policy as permissive on the shards, where it widens what a "
                        + "tenant reads instead of narrowing it)" : ""));
            }
            if (!command.equals(coordinator.command)) {
                differences.add(policy + " is for " + command + ", on the coordinator for " + coordinator.command);
            }
            if (!roles.equals(coordinator.roles)) {
                differences.add(policy + " applies to " + roles + ", on the coordinator to " + coordinator.roles);
            }
            if (!Objects.equals(using, coordinator.using)) {
                differences.add(policy + " uses `" + clause(using) + "`, on the coordinator `" + clause(coordinator.using) + "`");
            }
            if (!Objects.equals(withCheck, coordinator.withCheck)) {
                differences.add(policy + " checks `" + clause(withCheck) + "`, on the coordinator `" + clause(coordinator.withCheck) + "`");
            }
            return differences;
        }

        /** All of it, for a policy the coordinator does not have. */
        String describe() {
            return kind(permissive) + ", for " + command + ", to " + roles + ", using " + clause(using) + ", with check " + clause(withCheck);
        }

        private static String kind(boolean permissive) {
            return permissive ? "permissive" : "restrictive";
        }

        private static String clause(String expression) {
            return expression == null ? "none" : expression;
        }
    }

    /** What one relation has: row-level security enabled, forced, and its policies by name. */
    record Isolation(boolean enabled, boolean forced, Map<String, Policy> policies) {

        /** From {@link #ROWS}: every row repeats enabled and forced; a relation without policies has one row, its policy null. */
        static Isolation of(List<List<String>> rows) {
            Map<String, Policy> policies = new LinkedHashMap<>();
            for (List<String> row : rows) {
                if (row.get(2) != null) {
                    policies.put(row.get(2), new Policy(row.get(2), "true".equals(row.get(3)), row.get(4), row.get(5), row.get(6), row.get(7)));
                }
            }
            return new Isolation("true".equals(rows.get(0).get(0)), "true".equals(rows.get(0).get(1)), policies);
        }

        /** How this placement differs from the coordinator's table, one phrase each; empty when it does not. */
        List<String> differences(Isolation coordinator) {
            List<String> differences = new ArrayList<>();
            if (coordinator.enabled && !enabled) {
                differences.add("row-level security is not enabled");
            }
            if (coordinator.forced && !forced) {
                differences.add("row-level security is not forced");
            }
            coordinator.policies.forEach((name, expected) -> {
                Policy policy = policies.get(name);
                if (policy == null) {
                    differences.add("policy " + name + " is missing");
                } else {
                    differences.addAll(policy.differences(expected));
                }
            });
            policies.forEach((name, policy) -> {
                if (!coordinator.policies.containsKey(name)) {
                    differences.add("policy " + name + " is not on the coordinator (" + policy.describe() + ")");
                }
            });
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
            Isolation coordinator = Isolation.of(QueryRows.of(c, String.format(ROWS, String.format(STATE, "?")), table));
            // run_command_on_placements replaces %s by each shard's name.
            for (List<String> row : QueryRows.of(c, "select nodename || ':' || nodeport, shardid, success, result "
                    + "from run_command_on_placements(?::regclass, ?) order by shardid, 1", table, String.format(STATE, "'%s'"))) {
                placements++;
                String where = table + ": shard " + row.get(1) + " on " + row.get(0);
                if (!"t".equals(row.get(2))) {
                    problems.add(where + " could not be read: " + row.get(3));
                    continue;
                }
                List<String> differences = Isolation.of(QueryRows.of(c, String.format(ROWS, "?"), row.get(3))).differences(coordinator);
                if (!differences.isEmpty()) {
                    problems.add(where + ": " + String.join("; ", differences));
                }
            }
        }
        return Outcome.of(problems, placements + " placements of " + tables + " distributed tenant tables read on the workers and "
                + "compared with the coordinator's tables: row-level security enabled, forced, every policy");
    }
}
