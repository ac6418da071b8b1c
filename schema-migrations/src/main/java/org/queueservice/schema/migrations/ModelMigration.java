package org.queueservice.schema.migrations;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.queueservice.schema.model.SchemaStep;

/**
 * A Flyway Java migration whose up and down steps come from the schema model. It runs in the single
 * transaction Flyway opens for it (PostgreSQL DDL is transactional, so a failure half-way leaves nothing
 * behind), and its checksum is that of the SQL it renders, so editing an applied migration fails validate.
 */
abstract class ModelMigration extends BaseJavaMigration {

    /** What this version adds, in order. */
    abstract List<SchemaStep> up(MigrationSettings settings);

    /** What reverses {@link #up}, in order: run by rollback, newest version first. */
    abstract List<SchemaStep> down(MigrationSettings settings);

    @Override
    public final void migrate(Context context) throws Exception {
        MigrationSettings settings = MigrationSettings.fromPlaceholders(context.getConfiguration().getPlaceholders());
        StepRunner.limitLockWait(context.getConnection(), settings.lockTimeout());
        StepRunner.run(context.getConnection(), up(settings));
    }

    @Override
    public final Integer getChecksum() {
        CRC32 crc = new CRC32();
        crc.update(script(up(MigrationSettings.DEFAULT)).getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }

    /** Always, for the migrations of this project; the audit (MIG18) checks that it stays so. */
    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    static String script(List<SchemaStep> steps) {
        StringBuilder script = new StringBuilder();
        steps.forEach(step -> script.append(step.script()));
        return script.toString();
    }

    /** The version as an integer; {@link Migrations} guarantees versions are 1, 2, 3, ... */
    final int versionNumber() {
        return Integer.parseInt(getVersion().getVersion());
    }
}
