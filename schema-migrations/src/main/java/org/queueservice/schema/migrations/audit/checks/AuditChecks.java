package org.queueservice.schema.migrations.audit.checks;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.queueservice.schema.migrations.audit.AuditReport.Result;

/**
 * Every check of the audit, in report order: MIG1 to MIG20, the tenancy checks TEN1 to TEN8, then the Citus checks
 * CTS1 to CTS5 (CTS, not CIT: the CIT codes are distribute's preflight's), which on plain PostgreSQL pass saying
 * that they do not apply, all but CTS3.
 */
public final class AuditChecks {

    public static final List<AuditCheck> ALL = List.of(
            new Mig1FlywayConfigured(),
            new Mig2VersionedNames(),
            new Mig3UpPathApplied(),
            new Mig4DownPathDefined(),
            new Mig5DownReversesEverything(),
            new Mig6PrimaryKeys(),
            new Mig7ForeignKeys(),
            new Mig8NotNull(),
            new Mig9IndexesServeWorkload(),
            new Mig10Timestamps(),
            new Mig11RlsEnabled(),
            new Mig12TenantPolicy(),
            new Mig13RlsDisabledInDown(),
            new Mig14PoliciesDroppedInDown(),
            new Mig15Seeding(),
            new Mig16SeedDeletedInDown(),
            new Mig17Idempotent(),
            new Mig18OneTransaction(),
            new Mig19RollbackTested(),
            new Mig20NoDataLoss(),
            new Ten1ForceRls(),
            new Ten2UsingAndWithCheck(),
            new Ten3UuidSubSelect(),
            new Ten4NoSettingBypass(),
            new Ten5PowerlessServiceRole(),
            new Ten6UniquePerTenant(),
            new Ten7TenantIdIndexed(),
            new Ten8IsolationContract(),
            new Cts1TenantTablesColocated(),
            new Cts2TenantsReference(),
            new Cts3UniqueKeysHoldTenantId(),
            new Cts4IsolationOnEveryShard(),
            new Cts5ClusterSettings());

    private AuditChecks() {
    }

    /** Runs every check on {@code context}, in order. */
    public static List<Result> run(AuditContext context) throws SQLException {
        List<Result> results = new ArrayList<>();
        for (AuditCheck check : ALL) {
            results.add(check.run(context));
        }
        return results;
    }
}
