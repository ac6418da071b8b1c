package org.queueservice.schema.migrations;

import java.util.List;

/**
 * The one ordered list of migrations, and the table Flyway records the applied ones in. Versions must be 1, 2, 3,
 * ... with no duplicate, gap or disorder. {@code mvn generate-sources -Dmigration=...} adds each version it
 * generates; a hand-written one is added here by hand, in the same way.
 */
public final class Migrations {

    /** Flyway's history table; excluded from the schema snapshot and the generated code. */
    public static final String HISTORY_TABLE = "flyway_schema_history";

    static final List<SchemaMigration> ALL = requireConsecutive(List.of(
            new V1__Create_queue_tables(),
            new V2__Enforce_tenant_isolation(),
            new V3__Seed_rate_limiters(),
            new V4__Distributable_by_tenant()
            // New versions are registered above this line.
    ));

    private Migrations() {
    }

    /** Every version, oldest first. */
    public static List<SchemaMigration> all() {
        return ALL;
    }

    public static List<SchemaMigration> requireConsecutive(List<SchemaMigration> migrations) {
        for (int i = 0; i < migrations.size(); i++) {
            SchemaMigration migration = migrations.get(i);
            int expected = i + 1;
            int actual;
            try {
                actual = migration.versionNumber();
            } catch (NumberFormatException e) {
                throw new IllegalStateException("migration " + migration.getClass().getSimpleName()
                        + " must have a whole-number version, like V" + expected + "__Description", e);
            }
            if (actual != expected) {
                String problem = actual < expected ? "duplicate or out of order" : "skips version " + expected;
                throw new IllegalStateException("migration " + migration.getClass().getSimpleName() + " at position "
                        + expected + " has version " + actual + ": " + problem);
            }
            if (migration.canExecuteInTransaction() && migration.up(MigrationSettings.DEFAULT).stream().anyMatch(s -> s.autocommit())) {
                throw new IllegalStateException("migration " + migration.getClass().getSimpleName() + " has a step that must run "
                        + "outside a transaction (CONCURRENTLY) but does not declare canExecuteInTransaction() false");
            }
        }
        return List.copyOf(migrations);
    }
}
