package org.queueservice.schema.migrations.audit.checks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.queueservice.schema.migrations.audit.AuditReport.Severity;
import org.queueservice.schema.migrations.citus.CitusCatalog;
import org.queueservice.schema.migrations.citus.TableDistribution;

/**
 * Every tenant table (every table of the schema with tenant_id, besides tenants) is hash-distributed by tenant_id
 * in the colocation group of jobs: only then do a tenant's rows of every table sit on one shard of one worker, so
 * that its queries are routed to that worker alone and its foreign keys and joins never leave it.
 */
@Check(id = "CTS1", title = "Every tenant table distributed by tenant_id, colocated with jobs", section = Section.CITUS,
        severity = Severity.HIGH, remediation = "Run `queue-schema distribute` to place a table left local; for one placed otherwise, "
        + "SELECT alter_distributed_table('<table>', distribution_column => 'tenant_id', colocate_with => 'jobs') on the coordinator.")
final class Cts1TenantTablesColocated extends CoordinatorCheck {

    @Override
    Outcome evaluateOnCoordinator(AuditContext context, Connection c) throws SQLException {
        return judge(CitusCatalog.tenantTables(c), CitusCatalog.distributions(c).stream()
                .collect(Collectors.toMap(TableDistribution::table, Function.identity())));
    }

    /** The outcome for {@code tenantTables} (jobs first) placed as {@code placement} says. */
    static Outcome judge(List<String> tenantTables, Map<String, TableDistribution> placement) {
        String column = CitusCatalog.DISTRIBUTION_COLUMN;
        TableDistribution anchor = placement.get(CitusCatalog.ANCHOR);
        boolean anchored = anchor != null && anchor.distributedBy(column);
        List<String> problems = new ArrayList<>();
        for (String table : tenantTables) {
            TableDistribution d = placement.get(table);
            if (!d.distributedBy(column)) {
                problems.add(table + " is " + d.method() + d.column().map(c -> " by " + c).orElse("") + ", not distributed by " + column
                        + (d.method().equals("local") ? ": its rows stay on the coordinator" : ""));
            } else if (anchored && d.colocationGroup() != anchor.colocationGroup()) {
                problems.add(table + " is in colocation group " + d.colocationGroup() + ", " + CitusCatalog.ANCHOR + " in "
                        + anchor.colocationGroup() + ": a tenant's rows of the two may sit on different workers, and its queries "
                        + "and foreign keys across them leave the shard");
            }
        }
        String evidence = anchored
                ? tenantTables.size() + " tenant tables distributed by " + column + ", all in colocation group " + anchor.colocationGroup()
                        + " of " + CitusCatalog.ANCHOR + " (" + anchor.shardCount() + " shards)"
                : CitusCatalog.ANCHOR + " is not distributed by " + column + ": no colocation group to compare with";
        return Outcome.of(problems, evidence);
    }
}
