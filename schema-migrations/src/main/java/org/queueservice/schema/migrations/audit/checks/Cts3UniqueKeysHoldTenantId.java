package org.queueservice.schema.migrations.audit.checks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.queueservice.schema.migrations.audit.AuditReport.Severity;
import org.queueservice.schema.migrations.citus.CitusCatalog;

/**
 * Every unique key of every tenant table, primary keys included, holds tenant_id: a shard can enforce uniqueness
 * only within itself, so Citus refuses any other unique key on a distributed table, and distribute refuses to start
 * (CIT6). True of every database at V4 or later, distributed or not: on plain PostgreSQL it says the database can be
 * distributed as it is. TEN6 asks more of the keys besides the primary key: tenant_id first.
 */
@Check(id = "CTS3", title = "Every unique key of a tenant table holds tenant_id", section = Section.CITUS, severity = Severity.HIGH,
        remediation = "Replace the key, in a new version, by one holding tenant_id (PRIMARY KEY (tenant_id, id), "
        + "UNIQUE (tenant_id, column)): Citus enforces uniqueness only within a shard.")
final class Cts3UniqueKeysHoldTenantId implements AuditCheck {

    @Override
    public Outcome evaluate(AuditContext context) throws SQLException {
        Connection c = context.connection();
        List<String> tables = CitusCatalog.tenantTables(c);
        return judge(tables.size(), CitusCatalog.uniqueKeys(c, tables));
    }

    static Outcome judge(int tenantTables, List<CitusCatalog.UniqueKey> keys) {
        String column = CitusCatalog.DISTRIBUTION_COLUMN;
        List<String> problems = keys.stream().filter(key -> !key.holdsDistributionColumn())
                .map(key -> key.table() + ": unique key " + key.index() + " does not hold " + column
                        + " (unique across tenants, which a shard cannot enforce)").toList();
        return Outcome.of(problems, keys.size() - problems.size() + " unique keys (primary keys included) of " + tenantTables
                + " tenant tables hold " + column);
    }
}
