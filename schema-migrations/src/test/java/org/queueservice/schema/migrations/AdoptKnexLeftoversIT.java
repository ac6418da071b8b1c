package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.queueservice.schema.model.QueueSchema;

/**
 * What an operator left in a Knex-built database that adopt must not carry into the adopted one: a login's
 * privileges, a view over the tenant tables, constraints and indexes under the names adopt builds.
 */
class AdoptKnexLeftoversIT extends DatabaseIT {

    private static final String ACME = "aaaaaaaa-0000-0000-0000-000000000001";

    @BeforeEach
    void knexDatabaseWithRows() throws SQLException {
        resetSchema();
        execute("drop table if exists flyway_schema_history");
        KnexDatabase.load(database.settings(), KnexDatabase.TENANTS_SERVICE, KnexDatabase.KNEX_BASELINE, KnexDatabase.KNEX_ROWS);
    }

    @Test
    void aKnexLoginsPrivilegesAreRevokedInThePlanSoThatAsAMemberOfTheServiceRoleItSeesOneTenant() throws SQLException {
        ConnectionSettings login = database.loginAs();
        execute("grant all on all tables in schema public to " + login.user());

        var plan = migrations().planAdoption();

        assertThat(plan.revocations()).hasSize(10).contains("adopt revokes DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE "
                + "on jobs from " + login.user() + ": only the owner, the service role and the maintenance role keep privileges on the queue tables");
        assertThat(plan.script()).contains("revoke DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE on \"jobs\" from \""
                + login.user() + "\"");

        migrations().adopt();
        execute("grant queue_app to " + login.user());

        try (Connection c = login.open(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("select set_config('app.current_tenant', '" + ACME + "', true)");
            assertThat(rows(c, "select count(*) filter (where tenant_id = '" + ACME + "'), count(*) filter (where tenant_id <> '" + ACME
                    + "') from jobs")).containsExactly(List.of("2", "0"));
            assertThatThrownBy(() -> s.execute("truncate jobs")).isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42501");
            c.rollback();
        }
        assertThat(rows("select count(*) from jobs")).containsExactly(List.of("4"));
        // tenants is the tenants service's, Knex's own tables are left as they are: only the queue tables lose its grants.
        assertThat(rows("select string_agg(distinct table_name, ', ' order by table_name) from information_schema.role_table_grants "
                + "where grantee = ?", login.user())).containsExactly(List.of("knex_migrations_queue, knex_migrations_queue_lock, tenants"));
    }

    @Test
    void aViewOverJobsIsRefusedNamedUntilItReadsAsItsReader() throws SQLException {
        ConnectionSettings login = database.loginAs();
        execute("create view jobs_report as select tenant_id, status, count(*) as jobs from jobs group by tenant_id, status",
                "create view jobs_report_pending as select * from jobs_report where status = 'pending'",
                "create materialized view jobs_totals as select tenant_id, count(*) from jobs group by tenant_id",
                "grant select on jobs_report, jobs_report_pending, jobs_totals to " + login.user());
        String before = snapshot();

        assertThat(migrations().planAdoption().findings()).containsExactly(
                "jobs: view jobs_report: reads with its owner's rights, which row-level security does not bind, so whoever may read it "
                        + "sees every tenant's rows; make it read as its reader (`ALTER VIEW jobs_report SET (security_invoker = true)`) or drop it",
                "jobs: view jobs_report_pending: reads with its owner's rights, which row-level security does not bind, so whoever may read it "
                        + "sees every tenant's rows; make it read as its reader (`ALTER VIEW jobs_report_pending SET (security_invoker = true)`) "
                        + "or drop it",
                "jobs: materialized view jobs_totals: holds every tenant's rows, which no policy filters, for whoever may read it; drop it");
        assertThatThrownBy(() -> migrations().adopt()).isInstanceOf(MigrationFailure.class)
                .hasMessageStartingWith("adopt refused: the preflight found 3 problem(s): jobs: view jobs_report: ");
        assertThat(snapshot()).isEqualTo(before);

        execute("drop materialized view jobs_totals", "alter view jobs_report set (security_invoker = true)",
                "alter view jobs_report_pending set (security_invoker = true)");
        migrations().adopt();
        execute("grant queue_app to " + login.user());

        try (Connection c = login.open(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("select set_config('app.current_tenant', '" + ACME + "', true)");
            assertThat(rows(c, "select tenant_id::text, status, jobs from jobs_report order by status"))
                    .containsExactly(List.of(ACME, "pending", "1"), List.of(ACME, "processing", "1"));
            assertThat(rows(c, "select tenant_id::text from jobs_report_pending")).containsExactly(List.of(ACME));
        }
    }

    @Test
    void tablesForcedAlreadyAreReadWholeByANonSuperuserOwnerAndTheAdoptionCompletes() throws SQLException {
        resetSchema();
        ConnectionSettings owner = database.ownerLogin();
        KnexDatabase.load(owner, KnexDatabase.TENANTS_SERVICE, KnexDatabase.KNEX_BASELINE, KnexDatabase.KNEX_ROWS);
        List<String> tables = QueueSchema.MODEL.tables().stream().map(t -> t.tableName()).toList();
        try (Connection c = owner.open(); Statement s = c.createStatement()) {
            for (String table : tables) {
                s.execute("alter table " + table + " force row level security");
            }
        }
        QueueSchemaMigrations asOwner = new QueueSchemaMigrations(owner, MigrationSettings.DEFAULT);
        String before = snapshot();

        var plan = asOwner.planAdoption();

        assertThat(plan.state()).isEqualTo("built by the original Knex migration");
        assertThat(plan.findings()).isEmpty();
        assertThat(plan.script()).contains("-- NULL config, active, pending_count, processing_count, completed_count, failed_count of queues to "
                        + "their defaults: 1 NULL in config, 1 NULL in active, 1 NULL in pending_count, 1 NULL in processing_count, "
                        + "0 NULL in completed_count, 1 NULL in failed_count\n")
                .contains("alter table \"jobs\" no force row level security;");
        assertThat(snapshot()).isEqualTo(before);

        asOwner.adopt();

        asOwner.validate();
        assertThat(rows("select pending_count, processing_count, failed_count, active, config::text from queues where name = 'globex-mail'"))
                .containsExactly(List.of("0", "0", "0", "t", "{}"));
        assertThat(rows("select count(*) from pg_class where relforcerowsecurity and relname = any(?)", (Object) tables.toArray(String[]::new)))
                .containsExactly(List.of("10"));
    }

    /** A role whose name needs quoting (a space in it) is read from the catalog's grant whole, and revoked by that name. */
    @Test
    void theGrantsOfARoleWhoseNameNeedsQuotingAreRevokedByItsName() throws SQLException {
        String reporter = "knex reporter " + database.name();
        execute("create role \"" + reporter + "\" nologin", "grant select, truncate on jobs to \"" + reporter + "\"");
        try {
            var plan = migrations().planAdoption();

            assertThat(plan.revocations()).contains("adopt revokes SELECT, TRUNCATE on jobs from " + reporter
                    + ": only the owner, the service role and the maintenance role keep privileges on the queue tables");
            migrations().adopt();
            assertThat(rows("select count(*) from information_schema.role_table_grants where grantee = ?", reporter))
                    .containsExactly(List.of("0"));
        } finally {
            execute("drop owned by \"" + reporter + "\"", "drop role \"" + reporter + "\"");
        }
    }

    @Test
    void constraintsUnderTheNamesAdoptKeepsAreComparedByDefinition() throws SQLException {
        execute("alter table idempotency_keys add constraint idempotency_keys_key_not_null unique (key)",
                "alter table queues add constraint queues_tenant_id_fkey unique (name)");
        String before = snapshot();

        assertThatThrownBy(() -> migrations().adopt()).isInstanceOf(MigrationFailure.class)
                .hasMessage("adopt refused: " + database.name() + " differs from the schema of the original Knex migration in ways "
                        + "adopt does not know: constraint queues.queues_tenant_id_fkey is `UNIQUE (name)`, adopt gives that name to "
                        + "`FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE RESTRICT`; "
                        + "constraint idempotency_keys.idempotency_keys_key_not_null is `UNIQUE (key)`, adopt gives that name to "
                        + "`CHECK ((key IS NOT NULL))`. Nothing was changed.");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void anIndexUnderAWorkloadIndexNameIsComparedByItsWholeDefinitionAndNamedInTheLiveSchema() throws SQLException {
        String needed = "CREATE INDEX jobs_claim_idx ON public.jobs USING btree (tenant_id, queue, scheduled_for, created_at) "
                + "WHERE ((status)::text = 'pending'::text)";
        execute("create index jobs_claim_idx on jobs using brin (tenant_id, queue, scheduled_for, created_at) where status = 'pending'");

        assertThat(migrations().planAdoption().findings()).containsExactly("jobs: index jobs_claim_idx: in the way: it is "
                + "`CREATE INDEX jobs_claim_idx ON public.jobs USING brin (tenant_id, queue, scheduled_for, created_at) "
                + "WHERE ((status)::text = 'pending'::text)`, the schema needs `" + needed + "` (it differs in access method brin, not btree); "
                + "drop or rename it");

        execute("drop index jobs_claim_idx", "create index jobs_claim_idx on jobs (type)");

        assertThat(migrations().planAdoption().findings()).containsExactly("jobs: index jobs_claim_idx: in the way: it is "
                + "`CREATE INDEX jobs_claim_idx ON public.jobs USING btree (type)`, the schema needs `" + needed + "` (it differs in "
                + "keys (type), not (tenant_id, queue, scheduled_for, created_at); no predicate, the schema's is WHERE "
                + "((status)::text = 'pending'::text)); drop or rename it");
    }
}
