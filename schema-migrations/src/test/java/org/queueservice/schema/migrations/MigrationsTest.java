package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.queueservice.schema.model.SchemaStep;

class MigrationsTest {

    @Test
    void registryHoldsConsecutiveVersionsNamedAfterTheirClasses() {
        assertThat(Migrations.ALL).extracting(m -> m.getVersion().getVersion() + " " + m.getDescription())
                .startsWith("1 Create queue tables", "2 Enforce tenant isolation", "3 Seed rate limiters");
    }

    @Test
    void rejectsADuplicateVersion() {
        assertThatThrownBy(() -> Migrations.requireConsecutive(
                List.of(new V1__Create_queue_tables(), new V1__Create_queue_tables())))
                .hasMessage("migration V1__Create_queue_tables at position 2 has version 1: duplicate or out of order");
    }

    @Test
    void rejectsVersionsOutOfOrder() {
        assertThatThrownBy(() -> Migrations.requireConsecutive(
                List.of(new V2__Enforce_tenant_isolation(), new V1__Create_queue_tables())))
                .hasMessage("migration V2__Enforce_tenant_isolation at position 1 has version 2: skips version 1");
    }

    @Test
    void rejectsAGap() {
        assertThatThrownBy(() -> Migrations.requireConsecutive(
                List.of(new V1__Create_queue_tables(), new V3__Seed_rate_limiters())))
                .hasMessage("migration V3__Seed_rate_limiters at position 2 has version 3: skips version 2");
    }

    @Test
    void checksumIsStableAndDiffersBetweenMigrations() {
        assertThat(new V1__Create_queue_tables().getChecksum()).isEqualTo(new V1__Create_queue_tables().getChecksum());
        assertThat(Migrations.ALL).extracting(SchemaMigration::getChecksum).doesNotHaveDuplicates();
    }

    @Test
    void releasedVersionsKeepTheChecksumsDatabasesRecorded() throws java.io.IOException {
        java.util.Properties released = new java.util.Properties();
        try (var in = MigrationsTest.class.getResourceAsStream("released-checksums.properties")) {
            released.load(in);
        }
        // The three of release 1.0.0, written out so that a careless edit of the file cannot hide a change.
        assertThat(released).containsEntry("1", "1452278549").containsEntry("2", "610651073").containsEntry("3", "-389777887");
        for (SchemaMigration migration : Migrations.ALL) {
            assertThat(migration.getChecksum()).as("checksum of V%s %s: a released version must never change; "
                            + "make the change a new version (mvn generate-sources -Dmigration=...)",
                    migration.getVersion(), migration.getDescription())
                    .hasToString(released.getProperty(migration.getVersion().getVersion()));
        }
    }

    /** review --base compares a branch's rendering of each released version with these, statement by statement. */
    @Test
    void releasedVersionsKeepTheScriptsTheyWereReleasedWith() throws java.io.IOException {
        for (SchemaMigration migration : Migrations.ALL) {
            java.nio.file.Path script = java.nio.file.Path.of("").toAbsolutePath()
                    .resolve(org.queueservice.schema.migrations.generate.MigrationFiles.releasedScript(migration.versionNumber()));
            assertThat(script).as("script of V%s", migration.versionNumber()).exists();
            String recorded = java.nio.file.Files.readString(script);
            assertThat(SchemaMigration.script(migration.up(MigrationSettings.DEFAULT))).as("V%s renders what it was released with",
                    migration.versionNumber()).isEqualTo(recorded);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(recorded.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat((int) crc.getValue()).as("the recorded script is what the checksum was computed from").isEqualTo(migration.getChecksum());
        }
    }

    @Test
    void noVersionReadsTheModelSoEditingTheModelChangesNoVersion() throws java.io.IOException {
        for (SchemaMigration migration : Migrations.ALL) {
            String classFile = "/" + migration.getClass().getName().replace('.', '/') + ".class";
            try (var in = MigrationsTest.class.getResourceAsStream(classFile)) {
                String constants = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(constants).as(migration.getClass().getSimpleName())
                        .doesNotContain("org/queueservice/schema/model/QueueSchema", "org/queueservice/schema/model/TenantTable",
                                "org/queueservice/schema/model/TableDefinition", "org/queueservice/schema/model/SchemaModel");
                for (org.queueservice.schema.model.TenantTable table : org.queueservice.schema.model.QueueSchema.TABLES) {
                    assertThat(constants).doesNotContain("org/queueservice/schema/model/" + table.getClass().getSimpleName() + ";");
                }
            }
        }
    }

    @Test
    void v1DropsItsTablesInReverseDependencyOrder() {
        List<String> drops = new V1__Create_queue_tables().down(MigrationSettings.DEFAULT).stream().map(SchemaStep::description)
                .filter(d -> d.startsWith("drop table ") && !d.contains("tenants")).map(d -> d.substring(11)).toList();
        assertThat(drops).containsExactly("dead_letter_jobs", "alert_history", "rate_limiters", "idempotency_keys", "queue_metrics",
                "critical_jobs", "rate_limits", "schedules", "jobs", "queues");
    }

    @Test
    void checksumChangesWhenTheRenderedSqlChanges() {
        assertThat(new Edited.V1__Create_queue_tables().getChecksum())
                .isNotEqualTo(new V1__Create_queue_tables().getChecksum());
    }

    @Test
    void everyMigrationDeclaresDownSteps() {
        for (SchemaMigration migration : Migrations.ALL) {
            assertThat(migration.down(MigrationSettings.DEFAULT)).as(migration.getDescription()).isNotEmpty();
        }
    }

    /** A V1 whose SQL was edited after it was applied: one index more. */
    static final class Edited {
        static final class V1__Create_queue_tables extends SchemaMigration {
            @Override
            public List<SchemaStep> up(MigrationSettings settings) {
                var steps = new java.util.ArrayList<>(new org.queueservice.schema.migrations.V1__Create_queue_tables().up(settings));
                steps.add(SchemaStep.of("create index jobs_type_idx", org.jooq.impl.DSL.createIndexIfNotExists("jobs_type_idx")
                        .on("jobs", "tenant_id", "type")));
                return steps;
            }

            @Override
            public List<SchemaStep> down(MigrationSettings settings) {
                return new org.queueservice.schema.migrations.V1__Create_queue_tables().down(settings);
            }
        }
    }
}
