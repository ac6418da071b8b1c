package org.queueservice.schema.migrations.audit.checks;

import java.util.ArrayList;
import java.util.List;

import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.Migrations;
import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.V1__Create_queue_tables;
import org.queueservice.schema.migrations.V3__Seed_rate_limiters;

/**
 * Migration lists for the checks that need no database: the real one, and the real one with one version
 * replaced by a class whose name says its defect (the version in the name is the one it replaces).
 */
final class BrokenMigrations {

    static final MigrationSettings SETTINGS = MigrationSettings.DEFAULT;

    /** The versions of release 1.0.0, which these tests describe whatever is released after them. */
    static final List<SchemaMigration> RELEASE_1_0 = Migrations.all().subList(0, 3);

    private BrokenMigrations() {
    }

    static AuditContext good() {
        return AuditContext.ofMigrations(SETTINGS, RELEASE_1_0);
    }

    /** The real list with {@code replacement} at the position of its version. */
    static AuditContext with(SchemaMigration replacement) {
        List<SchemaMigration> migrations = new ArrayList<>(RELEASE_1_0);
        migrations.set(replacement.versionNumber() - 1, replacement);
        return AuditContext.ofMigrations(SETTINGS, migrations);
    }

    static AuditContext of(SchemaMigration... migrations) {
        return AuditContext.ofMigrations(SETTINGS, List.of(migrations));
    }

    static V1__Create_queue_tables v1() {
        return new V1__Create_queue_tables();
    }

    static V3__Seed_rate_limiters v3() {
        return new V3__Seed_rate_limiters();
    }
}
