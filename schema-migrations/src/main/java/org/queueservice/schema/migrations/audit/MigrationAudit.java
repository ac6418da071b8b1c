package org.queueservice.schema.migrations.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

import org.jooq.exception.DataAccessException;
import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.migrations.MigrationFailure;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.Migrations;
import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.audit.checks.AuditChecks;
import org.queueservice.schema.migrations.audit.checks.AuditContext;
import org.queueservice.schema.migrations.preflight.Preflight;

/**
 * The migration audit (MIG1 to MIG20, plus the tenancy checks TEN1 to TEN8 and the Citus checks CTS1 to CTS5), decided
 * from what the live database and the migration registry contain: the checks are listed in
 * {@link AuditChecks}. Nothing is changed on the audited database, and no lock stronger than ACCESS SHARE
 * is taken on it, so that a live service is never held up: MIG17 (re-applying the migrations) and the
 * rollback checks (MIG5, MIG19, MIG20) use a {@link RollbackRehearsal} on a scratch database created on the
 * same server and dropped. Run it as the user that migrates (the tables' owner or a superuser).
 */
public final class MigrationAudit {

    private final ConnectionSettings target;
    private final MigrationSettings settings;
    private final List<SchemaMigration> migrations;

    public MigrationAudit(ConnectionSettings target, MigrationSettings settings) {
        this(target, settings, Migrations.all());
    }

    /** With another migration list: how the tests show that a broken migration is caught. */
    public MigrationAudit(ConnectionSettings target, MigrationSettings settings, List<SchemaMigration> migrations) {
        this.target = target;
        this.settings = settings;
        this.migrations = List.copyOf(migrations);
    }

    /** Runs every check; a MigrationFailure means the audit could not run at all. */
    public AuditReport run() {
        try (Connection c = target.open()) {
            Preflight.requirePublicSchema(c, "audit");
            RollbackRehearsal.Outcome rehearsal = RollbackRehearsal.onScratchDatabase(target, settings, migrations);
            AuditContext context = AuditContext.read(c, settings, migrations, rehearsal);
            return new AuditReport(ConnectionSettings.maskPasswords(target.url()), LocalDate.now(), AuditChecks.run(context));
        } catch (SQLException | DataAccessException e) {
            throw MigrationFailure.of("audit", e);
        }
    }
}
