package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.queueservice.schema.model.DatabaseRoles;

/**
 * Every refusal of migrate's preflight (PRE1 to PRE6) comes before anything changes: the catalog is as it
 * was, and there is no history table. Roles are the cluster's, so each test makes its own and drops them.
 */
class MigratePreflightIT extends DatabaseIT {

    private final List<String> roles = new ArrayList<>();
    private String before;

    @BeforeEach
    void emptySchema() throws SQLException {
        resetSchema();
        execute("drop schema if exists app cascade");
        before = snapshot();
    }

    @AfterEach
    void dropRoles() throws SQLException {
        for (String role : roles) {
            if (!rows("select 1 from pg_roles where rolname = ?", role).isEmpty()) {
                execute("drop owned by \"" + role + "\"", "drop role \"" + role + "\"");
            }
        }
    }

    /** A new role, {@code qs_<what>_<unique>}, created with {@code options} unless they are null. */
    private String role(String what, String options) throws SQLException {
        String role = "qs_" + what + "_" + Long.toHexString(System.nanoTime());
        roles.add(role);
        if (options != null) {
            execute("create role " + role + " " + options);
        }
        return role;
    }

    private QueueSchemaMigrations migrationsAs(ConnectionSettings who, String app, String maintenance) {
        return new QueueSchemaMigrations(who, MigrationSettings.DEFAULT.withRoles(new DatabaseRoles(app, maintenance)));
    }

    private void assertNothingChanged() throws SQLException {
        assertThat(snapshot()).isEqualTo(before);
        assertThat(rows("select to_regclass('flyway_schema_history') is null")).containsExactly(List.of("t"));
    }

    @Test
    void aSuperuserOrBypassRlsRoleIsRefused() throws SQLException {
        String superuser = role("super", "superuser nologin");
        String bypass = role("bypass", "bypassrls nologin");

        assertThatThrownBy(() -> migrationsAs(database.settings(), superuser, bypass).migrate())
                .isInstanceOf(MigrationFailure.class)
                .hasMessage("migrate refused: role " + superuser + " is a superuser, which row-level security never binds (PRE2); "
                        + "role " + bypass + " has BYPASSRLS, which row-level security never binds (PRE2). Nothing was changed.");
        assertNothingChanged();
    }

    @Test
    void aServiceRoleThatIsAMemberOfTheMaintenanceRoleEvenIndirectlyIsRefused() throws SQLException {
        String maintenance = role("ops", "nologin");
        String middle = role("mid", "nologin in role " + maintenance);
        String app = role("app", "nologin in role " + middle);

        assertThatThrownBy(() -> migrationsAs(database.settings(), app, maintenance).migrate())
                .hasMessage("migrate refused: role " + app + " is a member of " + maintenance
                        + "; the service and maintenance roles must stay apart (PRE4). Nothing was changed.");
        assertNothingChanged();
    }

    @Test
    void theMigratingUserOrAnOwnerOfTheSchemaAsServiceRoleIsRefused() throws SQLException {
        ConnectionSettings owner = database.ownerLogin();
        String maintenance = role("ops", "nologin");

        assertThatThrownBy(() -> migrationsAs(owner, owner.user(), maintenance).migrate())
                .hasMessage("migrate refused: role " + owner.user() + " owns schema public, the tables migrate creates (it is, or is "
                        + "a member of, the migrating user) (PRE3). Nothing was changed.");
        assertNothingChanged();
    }

    @Test
    void anOwnerWithoutCreateRoleIsRefusedWhenARoleMustBeCreated() throws SQLException {
        ConnectionSettings owner = database.ownerLogin();
        execute("alter role " + owner.user() + " nocreaterole");
        String app = role("app", null);
        String maintenance = role("ops", "nologin");

        assertThatThrownBy(() -> migrationsAs(owner, app, maintenance).migrate())
                .hasMessage("migrate refused: role " + app + " does not exist and " + owner.user() + " may not create it (no "
                        + "CREATEROLE): create it as NOLOGIN first, or migrate as a user with CREATEROLE (PRE5). Nothing was changed.");
        assertNothingChanged();

        // Once the role exists, the same owner migrates.
        execute("create role " + app + " nologin");
        migrationsAs(owner, app, maintenance).migrate();
        assertThat(rows("select count(*) from pg_tables where schemaname = 'public' and rowsecurity")).containsExactly(List.of("10"));
    }

    @Test
    void aTenantsTableOfAnotherShapeIsRefusedNamingEachColumn() throws SQLException {
        execute("create table tenants (id bigint primary key, region text not null, plan text not null default 'free')");
        before = snapshot();

        assertThatThrownBy(() -> migrations().migrate())
                .hasMessage("migrate refused: tenants.id is bigint; the queue tables' foreign keys need id uuid as its primary key "
                        + "(PRE6); tenants has no column name, which the system tenant's row is inserted with (PRE6); tenants.region "
                        + "is NOT NULL without a default, and the system tenant's row (id, name) gives it no value (PRE6). "
                        + "Nothing was changed.");
        assertNothingChanged();
    }

    @Test
    void aTenantsTableWithExtraColumnsThatHaveDefaultsIsAccepted() throws SQLException {
        execute("create table tenants (id uuid primary key, name varchar(100) not null, plan text not null default 'free', "
                + "created_at timestamptz)");

        migrations().migrate();

        assertThat(rows("select name, plan from tenants")).containsExactly(List.of("system", "free"));
    }

    @Test
    void aSchemaOtherThanPublicIsRefusedByMigrateRollbackAndTheAudit() throws SQLException {
        execute("create schema app");
        ConnectionSettings inApp = new ConnectionSettings(database.settings().url() + "?currentSchema=app",
                database.settings().user(), database.settings().password());
        String refusal = " refused: the connection's schema is app; queue-schema supports only schema public: another schema needs "
                + "the roles' USAGE on it (a new version), Flyway's history, the generated code and every command's search_path to "
                + "follow it, which queue-schema does not do (docs/design.md, \"Schemas other than public\"): drop currentSchema from the URL "
                + "(PRE1). Nothing was changed.";

        assertThatThrownBy(() -> new QueueSchemaMigrations(inApp, MigrationSettings.DEFAULT).migrate()).hasMessage("migrate" + refusal);
        assertThatThrownBy(() -> new QueueSchemaMigrations(inApp, MigrationSettings.DEFAULT).planRollback(0))
                .hasMessage("rollback" + refusal);
        assertThatThrownBy(() -> new org.queueservice.schema.migrations.audit.MigrationAudit(inApp, MigrationSettings.DEFAULT).run())
                .hasMessage("audit" + refusal);
        assertThat(rows("select count(*) from pg_class where relnamespace = 'app'::regnamespace")).containsExactly(List.of("0"));

        ConnectionSettings missing = new ConnectionSettings(database.settings().url() + "?currentSchema=nowhere",
                database.settings().user(), database.settings().password());
        assertThatThrownBy(() -> new QueueSchemaMigrations(missing, MigrationSettings.DEFAULT).migrate())
                .hasMessage("migrate refused: the schema the connection asks for (currentSchema in the URL) does not exist; "
                        + "queue-schema uses schema public (PRE1). Nothing was changed.");
        execute("drop schema app");
        assertNothingChanged();
    }
}
