package org.queueservice.schema.migrations.audit.checks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.audit.AuditReport.Severity;
import org.queueservice.schema.migrations.internal.RolledBackTransaction;
import org.queueservice.schema.model.QueueSchema;
import org.queueservice.schema.model.RateLimiterSeed;
import org.queueservice.schema.model.RateLimiters;
import org.queueservice.schema.model.TenantIsolation;

/** The system tenant's seed rate limiters are there, read as that tenant. */
@Check(id = "MIG15", title = "Initial data seeding", section = Section.SEEDING, severity = Severity.MEDIUM,
        remediation = "Re-run the seed with `queue-schema repair` (it never overwrites tuned rows).")
final class Mig15Seeding implements AuditCheck {

    @Override
    public Outcome evaluate(AuditContext context) throws SQLException {
        RateLimiters limiters = QueueSchema.RATE_LIMITERS;
        UUID tenant = context.settings().systemTenant();
        List<String> problems = new ArrayList<>();
        List<String> found = new ArrayList<>();
        if (!context.catalog().schema().tables().containsKey(limiters.tableName())) {
            problems.add("table " + limiters.tableName() + " does not exist");
        } else {
            Connection c = context.connection();
            RolledBackTransaction.run(c, () -> {
                DSLContext db = DSL.using(c, SQLDialect.POSTGRES);
                // Under FORCE ROW LEVEL SECURITY the owner sees the system tenant's rows only as that tenant.
                db.fetch("select set_config(?, ?, true)", TenantIsolation.SETTING, tenant.toString());
                for (RateLimiterSeed.Provider provider : RateLimiterSeed.PROVIDERS) {
                    Record2<Integer, Integer> row = db.select(limiters.bucketSize, limiters.maxConcurrent).from(limiters.table())
                            .where(limiters.tenantId.eq(tenant)).and(limiters.serviceName.eq(provider.serviceName())).fetchAny();
                    if (row == null) {
                        problems.add("seed row " + provider.serviceName() + " of the system tenant is missing");
                    } else {
                        found.add(provider.serviceName() + " (bucket/max concurrent " + row.value1() + "/" + row.value2() + ")");
                    }
                }
                return null;
            });
        }
        return Outcome.of(problems, limiters.tableName() + " of system tenant " + tenant + ": " + String.join(", ", found));
    }
}
