package org.queueservice.schema.migrations.audit.checks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.queueservice.schema.migrations.audit.AuditReport.Severity;
import org.queueservice.schema.migrations.citus.CitusCatalog;
import org.queueservice.schema.migrations.citus.TableDistribution;

/**
 * tenants is a reference table: a copy on every node, which the foreign key of every tenant table to it needs on
 * every shard (Citus accepts a foreign key from a distributed table only to a reference table or a colocated one).
 */
@Check(id = "CTS2", title = "tenants is a reference table", section = Section.CITUS, severity = Severity.HIGH,
        remediation = "Run `queue-schema distribute`, which makes tenants a reference table; if it is placed otherwise, make the tables "
        + "local first: SELECT undistribute_table('tenants', cascade_via_foreign_keys => true), then distribute.")
final class Cts2TenantsReference extends CoordinatorCheck {

    @Override
    Outcome evaluateOnCoordinator(AuditContext context, Connection c) throws SQLException {
        return judge(CitusCatalog.distributions(c).stream().filter(d -> d.table().equals(CitusCatalog.TENANTS)).findFirst());
    }

    static Outcome judge(Optional<TableDistribution> tenants) {
        String table = CitusCatalog.TENANTS;
        if (tenants.isEmpty()) {
            return Outcome.of(List.of("table " + table + " does not exist"), List.of());
        }
        TableDistribution d = tenants.get();
        if (!d.reference()) {
            return Outcome.of(List.of(table + " is " + d.method() + d.column().map(c -> " by " + c).orElse("")
                    + ", not a reference table: the tenant tables' foreign keys to it need a copy of it on every node"), List.of());
        }
        return Outcome.of(List.of(), table + " is a reference table (colocation group " + d.colocationGroup()
                + "): a copy on every node, which every tenant table's foreign key to it needs");
    }
}
