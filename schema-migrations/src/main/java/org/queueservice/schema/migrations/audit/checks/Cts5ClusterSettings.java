package org.queueservice.schema.migrations.audit.checks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.queueservice.schema.migrations.audit.AuditReport.Severity;
import org.queueservice.schema.migrations.citus.CitusCatalog;
import org.queueservice.schema.migrations.citus.Distribution;
import org.queueservice.schema.migrations.internal.QueryRows;
import org.queueservice.schema.migrations.internal.RolledBackTransaction;

/**
 * What the service and later migrations need of the cluster once the tables are distributed: what distribute's
 * preflight checks of the cluster (CIT1 to CIT4: Citus 12 or later, every worker reachable, prepared transactions on
 * every node, the service and maintenance roles on every worker); citus.enable_unsafe_triggers on for the database,
 * as migrate and distribute leave it (Flyway's own sessions read it when a later version creates or changes a
 * trigger); and citus.propagate_set_commands accepting 'local' from the service role, which TenantContext sets so
 * that the tenant it sets with SET LOCAL reaches the shards.
 */
@Check(id = "CTS5", title = "Cluster settings the service and migrations need", section = Section.CITUS, severity = Severity.HIGH,
        remediation = "Fix what each line names (a CIT code is distribute's preflight check, see \"Scaling out with Citus\"); as the "
        + "database's owner or a superuser: ALTER DATABASE <database> SET citus.enable_unsafe_triggers = on.")
final class Cts5ClusterSettings extends CoordinatorCheck {

    static final String PROPAGATE = "citus.propagate_set_commands";

    @Override
    Outcome evaluateOnCoordinator(AuditContext context, Connection c) throws SQLException {
        List<String> problems = new ArrayList<>(Distribution.clusterProblems(c, context.settings()));
        if (!CitusCatalog.unsafeTriggersOnForDatabase(c)) {
            problems.add(CitusCatalog.UNSAFE_TRIGGERS + " is not on for " + c.getCatalog() + ": a later version that creates or changes a "
                    + "trigger on a distributed table fails");
        }
        String app = context.settings().roles().application();
        String propagate;
        try {
            propagate = RolledBackTransaction.run(c, () -> {
                // As the service role when the auditing login may become it (a superuser or a member), else as the login itself.
                if ("t".equals(QueryRows.of(c, "select pg_has_role(?, 'MEMBER')", app).get(0).get(0))) {
                    QueryRows.of(c, "select set_config('role', ?, true)", app);
                }
                QueryRows.of(c, "select set_config(?, 'local', true)", PROPAGATE);
                return QueryRows.of(c, "select current_user || ' sets it to ' || current_setting(?)", PROPAGATE).get(0).get(0);
            });
        } catch (SQLException e) {
            propagate = "refused: " + e.getMessage();
        }
        if (!propagate.endsWith(" sets it to local")) {
            problems.add(PROPAGATE + " does not take 'local' (" + propagate + "): the tenant TenantContext sets would not reach the shards");
        }
        return Outcome.of(problems, List.of("Citus, the workers and every node's max_prepared_transactions as distribute needs them "
                + "(CIT1 to CIT4), " + app + " and " + context.settings().roles().maintenance() + " on every worker",
                CitusCatalog.UNSAFE_TRIGGERS + " on for " + c.getCatalog(),
                PROPAGATE + " = 'local' accepted: " + propagate));
    }
}
