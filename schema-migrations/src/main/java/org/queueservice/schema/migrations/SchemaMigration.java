package org.queueservice.schema.migrations;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.List;
import java.util.zip.CRC32;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.queueservice.schema.migrations.internal.StepRunner;
import org.queueservice.schema.model.SchemaStep;

/**
 * A version of the schema: its up steps and, next to them, the down steps that reverse them. Its
 * checksum is a CRC32 of the SQL its up steps render, so a released version that is edited fails
 * {@code validate} on every database that applied it.
 * <p>
 * By default a version runs in the single transaction Flyway opens for it (PostgreSQL DDL is
 * transactional, so a failure half-way leaves nothing behind). A version that changes large live tables
 * overrides {@link #canExecuteInTransaction()} to return false: each of its steps then commits on its own
 * (so {@code NOT VALID} and {@code VALIDATE} do not hold one lock together, and {@code CONCURRENTLY} can
 * run), and every step must be idempotent, so that a run interrupted half-way is finished by the next.
 */
public abstract class SchemaMigration extends BaseJavaMigration {

    /** What this version adds, in order. */
    public abstract List<SchemaStep> up(MigrationSettings settings);

    /** What reverses {@link #up}, in order: run by rollback, newest version first. */
    public abstract List<SchemaStep> down(MigrationSettings settings);

    @Override
    public final void migrate(Context context) throws Exception {
        MigrationSettings settings = MigrationSettings.fromPlaceholders(context.getConfiguration().getPlaceholders());
        Connection connection = context.getConnection();
        if (canExecuteInTransaction()) {
            StepRunner.limitLockWait(connection, settings.lockTimeout());
            StepRunner.run(connection, up(settings));
        } else {
            StepRunner.runEachCommitted(connection, up(settings), settings.lockTimeout());
        }
    }

    @Override
    public final Integer getChecksum() {
        CRC32 crc = new CRC32();
        crc.update(script(up(MigrationSettings.DEFAULT)).getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }

    /** True unless a version declares that its steps commit one by one (see the class comment). */
    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    public static String script(List<SchemaStep> steps) {
        StringBuilder script = new StringBuilder();
        steps.forEach(step -> script.append(step.script()));
        return script.toString();
    }

    /** The version as an integer; {@link Migrations} guarantees versions are 1, 2, 3, ... */
    public final int versionNumber() {
        return Integer.parseInt(getVersion().getVersion());
    }
}
