package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** One database through its life: empty, migrated, migrated again, validated. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrateIT extends DatabaseIT {

    @Test
    @Order(1)
    void migrateOnAnEmptyDatabaseAppliesEveryVersionAndCreatesEverything() throws Exception {
        QueueSchemaMigrations.MigrationReport report = migrations().migrate();

        assertThat(report.applied()).startsWith(
                "V1 Create queue tables", "V2 Enforce tenant isolation", "V3 Seed rate limiters").hasSize(LATEST);
        assertThat(report.version()).isEqualTo(Integer.toString(LATEST));
        // 10 queue tables + tenants; 10 primary keys + 6 per-tenant uniques + 16 secondary indexes + tenants_pkey.
        assertThat(report.schema()).isEqualTo(new SchemaSummary(11, 33, 20, 10, 10));
        assertThat(rows("select version, success::text from flyway_schema_history order by installed_rank"))
                .startsWith(List.of("1", "true"), List.of("2", "true"), List.of("3", "true")).hasSize(LATEST);
    }

    @Test
    @Order(2)
    void secondMigrateAppliesNothingAndChangesNothing() throws Exception {
        String before = snapshot();

        QueueSchemaMigrations.MigrationReport report = migrations().migrate();

        assertThat(report.applied()).isEmpty();
        assertThat(report.version()).isEqualTo(Integer.toString(LATEST));
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    @Order(3)
    void validatePassesAndInfoListsEveryVersionAsApplied() {
        migrations().validate();

        assertThat(migrations().info()).hasSize(LATEST).allSatisfy(line -> assertThat(line).contains("Success"));
    }

    @Test
    @Order(4)
    void validateFailsWhenAnAppliedMigrationNoLongerMatchesItsCode() throws Exception {
        execute("update flyway_schema_history set checksum = checksum + 1 where version = '2'");

        assertThatThrownBy(() -> migrations().validate())
                .isInstanceOf(MigrationFailure.class)
                .hasMessageStartingWith("validate failed: V2: ")
                .hasMessageContaining("checksum mismatch")
                // queue-schema's repair refuses a changed checksum; Flyway's advice to run it went in a circle.
                .hasMessageNotContaining("run repair")
                .hasMessageEndingWith("the code of an applied version changed: restore it (a released version never "
                        + "changes; a schema change is a new version)");
        // migrate names the version as validate does, not only Flyway's "Migrations have failed validation".
        assertThatThrownBy(() -> migrations().migrate())
                .isInstanceOf(MigrationFailure.class)
                .hasMessageStartingWith("migrate failed: V2: ")
                .hasMessageContaining("checksum mismatch")
                .hasMessageNotContaining("run repair");
    }

    @Test
    @Order(5)
    void validatePassesWhenAVersionIsPendingButEveryAppliedOneMatches() throws Exception {
        execute("update flyway_schema_history set checksum = checksum - 1 where version = '2'");
        migrations().rollback(migrations().planRollback(LATEST - 1), false);

        // A release is validated against its database before it is deployed: the version it brings is
        // pending there, which is not a mismatch (Flyway's default would fail and suggest an option of its own).
        migrations().validate();

        assertThat(migrations().info()).last().asString().contains("Pending");
    }
}
