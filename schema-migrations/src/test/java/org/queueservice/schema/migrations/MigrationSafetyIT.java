package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.queueservice.schema.migrations.internal.StepRunner;
import org.queueservice.schema.model.SchemaStep;

/** Transactions, idempotency and checksums of the migrations, each test on a database it resets. */
class MigrationSafetyIT extends DatabaseIT {

    @AfterEach
    void reset() throws SQLException {
        resetSchema();
    }

    /** Released versions with a statement that fails after all of theirs; Flyway takes the version from the class name. */
    static final class Failing {
        /** V1 failing after every table has been created. */
        static final class V1__Create_queue_tables extends BrokenAtTheEnd {
            V1__Create_queue_tables() {
                super(new org.queueservice.schema.migrations.V1__Create_queue_tables());
            }
        }

        /** V2 failing after its roles, grants and policies: V1's tables must go with it. */
        static final class V2__Enforce_tenant_isolation extends BrokenAtTheEnd {
            V2__Enforce_tenant_isolation() {
                super(new org.queueservice.schema.migrations.V2__Enforce_tenant_isolation());
            }
        }

        private abstract static class BrokenAtTheEnd extends FaultyMigrations.Altered {
            BrokenAtTheEnd(SchemaMigration released) {
                super(released);
            }

            @Override
            public List<SchemaStep> up(MigrationSettings settings) {
                return followedBy(released.up(settings), SchemaStep.of("create index jobs_broken_idx",
                        DSL.createIndex("jobs_broken_idx").on("jobs", "no_such_column")));
            }

            @Override
            public List<SchemaStep> down(MigrationSettings settings) {
                return List.of();
            }
        }
    }

    @Test
    void aMigrationFailingHalfWayLeavesNothingBehindAndSaysWhereItFailed() throws SQLException {
        var failing = new QueueSchemaMigrations(database.settings(), MigrationSettings.DEFAULT,
                List.of(new Failing.V1__Create_queue_tables()));

        assertThatThrownBy(failing::migrate)
                .isInstanceOf(MigrationFailure.class)
                .hasMessage("migrate failed: create index jobs_broken_idx: ERROR: column \"no_such_column\" does not exist [SQLSTATE 42703]");

        assertThat(rows("select relname from pg_class where relnamespace = 'public'::regnamespace and relname <> 'flyway_schema_history' and relname not like 'flyway_schema_history%'"))
                .isEmpty();
        assertThat(rows("select count(*) from pg_proc where proname = 'set_updated_at'")).containsExactly(List.of("0"));
        assertThat(rows("select count(*) from flyway_schema_history where success")).containsExactly(List.of("0"));
    }

    /**
     * The item 7: an owner without CREATEROLE migrating with role names that do not exist yet. The
     * preflight refuses before V1 runs; before it existed, V1 committed and V2 failed on {@code create role},
     * leaving the ten tables without row-level security.
     */
    @Test
    void anOwnerWhoCannotCreateTheRolesIsRefusedBeforeAnyTableExists() throws SQLException {
        String suffix = Long.toHexString(System.nanoTime());
        String owner = "qs_norole_owner_" + suffix;
        execute("create role " + owner + " login password 'owner'", "alter database " + database.name() + " owner to " + owner,
                "alter schema public owner to " + owner);
        try {
            ConnectionSettings login = new ConnectionSettings(database.settings().url(), owner, "owner");
            var withNewRoles = new QueueSchemaMigrations(login, MigrationSettings.DEFAULT.withRoles(
                    new org.queueservice.schema.model.DatabaseRoles("qs_app_" + suffix, "qs_ops_" + suffix)));

            assertThatThrownBy(withNewRoles::migrate)
                    .isInstanceOf(MigrationFailure.class)
                    .hasMessageStartingWith("migrate refused: role qs_app_" + suffix + " does not exist and " + owner
                            + " may not create it (no CREATEROLE)")
                    .hasMessageEndingWith("(PRE5). Nothing was changed.");

            assertThat(rows("select relname from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r'")).isEmpty();
        } finally {
            execute("alter database " + database.name() + " owner to current_user", "drop schema public cascade", "create schema public",
                    "grant usage on schema public to public", "drop owned by " + owner, "drop role " + owner);
        }
    }

    /** Whatever makes V2 fail, V1's tables never stay without forced row-level security: both commit together. */
    @Test
    void aFailureInV2LeavesNoTableWithoutRowLevelSecurity() throws SQLException {
        var failing = new QueueSchemaMigrations(database.settings(), MigrationSettings.DEFAULT,
                List.of(new V1__Create_queue_tables(), new Failing.V2__Enforce_tenant_isolation()));

        assertThatThrownBy(failing::migrate)
                .isInstanceOf(MigrationFailure.class)
                .hasMessageContaining("create index jobs_broken_idx")
                .hasMessageContaining("42703");

        assertThat(rows("select relname from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r' "
                + "and relname not in ('flyway_schema_history', 'tenants')")).isEmpty();
        assertThat(rows("select version from flyway_schema_history where success")).isEmpty();
    }

    @Test
    void reapplyingEveryMigrationOverItsOwnObjectsSucceedsAndChangesNothing() throws SQLException {
        migrations().migrate();
        String before = snapshot();

        try (Connection c = database.open()) {
            c.setAutoCommit(false);
            for (SchemaMigration migration : Migrations.ALL) {
                StepRunner.run(c, migration.up(MigrationSettings.DEFAULT));
            }
            c.commit();
        }

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void validateFailsAfterAnAppliedMigrationsSqlWasEdited() {
        migrations().migrate();
        var edited = new QueueSchemaMigrations(database.settings(), MigrationSettings.DEFAULT, List.of(
                new MigrationsTest.Edited.V1__Create_queue_tables(), new V2__Enforce_tenant_isolation(),
                new V3__Seed_rate_limiters()));

        assertThatThrownBy(edited::validate)
                .isInstanceOf(MigrationFailure.class)
                .hasMessageStartingWith("validate failed: V1: ")
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void anExistingTenantsTableIsUsedAsItIsAndNotMarkedAsOurs() throws SQLException {
        execute("create table tenants (id uuid primary key, name text not null, plan text not null default 'free')",
                "comment on table tenants is 'owned by the tenants service'");

        migrations().migrate();

        assertThat(rows("select obj_description('tenants'::regclass, 'pg_class')"))
                .containsExactly(List.of("owned by the tenants service"));
        assertThat(rows("select count(*) from pg_attribute where attrelid = 'tenants'::regclass and attname = 'plan'"))
                .containsExactly(List.of("1"));
        assertThat(rows("select count(*) from rate_limiters")).containsExactly(List.of("4"));
    }

    @Test
    void aDatabaseCreatedByTheOriginalKnexMigrationIsRefusedUntouched() throws SQLException {
        execute("create table knex_migrations_queue (id serial primary key, name varchar(255))",
                "create table tenants (id uuid primary key, name text not null)",
                "create table queues (id uuid primary key default gen_random_uuid(), tenant_id uuid not null references tenants(id), "
                        + "name varchar(255) not null, type varchar(100) not null, constraint queues_name_unique unique (name))");
        String before = snapshot();

        assertThatThrownBy(() -> migrations().migrate())
                .isInstanceOf(MigrationFailure.class)
                .hasMessageStartingWith("migrate refused: " + database.name() + " was created by the original Knex migration")
                .hasMessageEndingWith("Nothing was changed.");

        assertThat(snapshot()).isEqualTo(before);
        assertThat(rows("select to_regclass('flyway_schema_history') is null")).containsExactly(List.of("t"));
    }

    @Test
    void aMissingTenantsTableIsCreatedMinimalAndMarkedAsOurs() throws SQLException {
        migrations().migrate();

        assertThat(rows("select string_agg(attname, ',' order by attnum) from pg_attribute "
                + "where attrelid = 'tenants'::regclass and attnum > 0"))
                .containsExactly(List.of("id,name,created_at,updated_at"));
        assertThat(rows("select obj_description('tenants'::regclass, 'pg_class') like 'Minimal tenants table created by queue-schema%'"))
                .containsExactly(List.of("t"));
    }
}
