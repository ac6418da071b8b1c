package org.queueservice.schema.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.queueservice.schema.generated.Tables.JOBS;

import java.io.IOException;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.tools.jdbc.SingleConnectionDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.tenant.TenantContext;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantContextIT {

    private static final UUID ACME = TwoTenantDatabase.ACME;
    private static final UUID GLOBEX = TwoTenantDatabase.GLOBEX;

    private static final Field<Long> TRANSACTION_ID = DSL.field("txid_current()", Long.class);
    private static final Field<String> CURRENT_USER = DSL.field("current_user", String.class);
    private static final Field<String> CURRENT_TENANT = DSL.field("current_setting('app.current_tenant', true)", String.class);

    private TwoTenantDatabase database;
    private ConnectionSettings app;
    private ConnectionSettings maintenance;

    @BeforeAll
    void migrate() throws Exception {
        database = new TwoTenantDatabase("TenantContextIT");
        database.execute("insert into jobs (tenant_id, queue, type) values ('" + ACME + "', 'q', 't'), ('" + GLOBEX + "', 'q', 't')");
        app = database.login("queue_app");
        maintenance = database.login("queue_maintenance");
    }

    @AfterAll
    void drop() {
        if (database != null) { // null when no server could be had: that failure is already reported
            database.close();
        }
    }

    @Test
    void nothingLeaksIntoTheNextTransactionOnAPooledConnection() throws Exception {
        try (Connection pooled = app.open()) {
            SingleConnectionDataSource pool = new SingleConnectionDataSource(pooled);
            TenantContext tenants = new TenantContext(pool);

            int acmeJobs = tenants.inTenant(ACME, dsl -> dsl.fetchCount(JOBS));
            assertThat(acmeJobs).isEqualTo(1);

            // The same physical connection, next transaction, no tenant: nothing visible.
            var after = DSL.using(pooled);
            assertThat(after.fetchValue("select coalesce(current_setting('app.current_tenant', true), '')")).isEqualTo("");
            assertThat(after.fetchCount(JOBS)).isZero();
        }
    }

    @Test
    void aFailedUnitOfWorkRollsBackAndLeavesNoTenantBehind() throws Exception {
        try (Connection pooled = app.open()) {
            TenantContext tenants = new TenantContext(new SingleConnectionDataSource(pooled));

            assertThatThrownBy(() -> tenants.inTenant(ACME, dsl -> {
                dsl.insertInto(JOBS).set(JOBS.TENANT_ID, ACME).set(JOBS.QUEUE, "doomed").set(JOBS.TYPE, "t").execute();
                return dsl.insertInto(JOBS).set(JOBS.TENANT_ID, ACME).set(JOBS.QUEUE, "doomed").set(JOBS.TYPE, "t")
                        .set(JOBS.ATTEMPTS, -1).execute();
            })).isInstanceOf(DataAccessException.class).hasMessageContaining("jobs_attempts_check");

            int doomed = tenants.inTenant(ACME, dsl -> dsl.fetchCount(JOBS, JOBS.QUEUE.eq("doomed")));
            assertThat(doomed).isZero();
            assertThat(DSL.using(pooled).fetchCount(JOBS)).isZero();
        }
    }

    @Test
    void aCheckedExceptionOfTheWorkComesOutAsItselfAfterTheRollback() throws Exception {
        TenantContext tenants = new TenantContext(TwoTenantDatabase.dataSource(app));
        IOException failure = new IOException("upstream refused the job");

        assertThatThrownBy(() -> tenants.inTenant(ACME, dsl -> {
            dsl.insertInto(JOBS).set(JOBS.TENANT_ID, ACME).set(JOBS.QUEUE, "checked").set(JOBS.TYPE, "t").execute();
            throw failure;
        })).isSameAs(failure);

        int written = tenants.inTenant(ACME, dsl -> dsl.fetchCount(JOBS, JOBS.QUEUE.eq("checked")));
        assertThat(written).isZero();
    }

    @Test
    void onTheServicesConfigurationTheWorkIsPartOfTheServicesTransaction() {
        DSLContext service = DSL.using(TwoTenantDatabase.dataSource(app), SQLDialect.POSTGRES);
        record Seen(long serviceTransaction, long workTransaction, String tenantAfterwards, int jobsInside) {
        }

        // The service's transaction enqueues through the tenant API, then fails after it: all of it rolls back.
        Seen[] seen = new Seen[1];
        assertThatThrownBy(() -> service.transaction(configuration -> {
            TenantContext tenants = new TenantContext(configuration);
            long serviceTransaction = configuration.dsl().fetchValue(TRANSACTION_ID);
            long workTransaction = tenants.inTenant(ACME, dsl -> {
                dsl.insertInto(JOBS).set(JOBS.TENANT_ID, ACME).set(JOBS.QUEUE, "nested").set(JOBS.TYPE, "t").execute();
                return dsl.fetchValue(TRANSACTION_ID);
            });
            seen[0] = new Seen(serviceTransaction, workTransaction,
                    configuration.dsl().fetchValue(CURRENT_TENANT),
                    tenants.inTenant(ACME, dsl -> dsl.fetchCount(JOBS, JOBS.QUEUE.eq("nested"))));
            throw new IllegalStateException("the service's own step failed");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(seen[0].workTransaction()).isEqualTo(seen[0].serviceTransaction());
        // The nested call ends with the tenant the service's transaction had: none.
        assertThat(seen[0].tenantAfterwards()).isEmpty();
        assertThat(seen[0].jobsInside()).isEqualTo(1);
        int left = new TenantContext(service).inTenant(ACME, dsl -> dsl.fetchCount(JOBS, JOBS.QUEUE.eq("nested")));
        assertThat(left).isZero();
    }

    @Test
    void nestedWorkThatThrowsRollsBackToItsSavepointAndTheServiceGoesOn() throws Exception {
        DSLContext service = DSL.using(TwoTenantDatabase.dataSource(app), SQLDialect.POSTGRES);
        IOException failure = new IOException("upstream refused the job");

        Throwable caught = service.transactionResult(configuration -> {
            TenantContext tenants = new TenantContext(configuration.dsl());
            tenants.inTenant(ACME, dsl -> dsl.insertInto(JOBS).set(JOBS.TENANT_ID, ACME).set(JOBS.QUEUE, "kept")
                    .set(JOBS.TYPE, "t").execute());
            try {
                tenants.inTenant(ACME, dsl -> {
                    dsl.insertInto(JOBS).set(JOBS.TENANT_ID, ACME).set(JOBS.QUEUE, "undone").set(JOBS.TYPE, "t").execute();
                    throw failure;
                });
                return null;
            } catch (IOException e) {
                return e;
            }
        });

        assertThat(caught).isSameAs(failure);
        TenantContext tenants = new TenantContext(service);
        List<String> written = tenants.inTenant(ACME, dsl -> dsl.select(JOBS.QUEUE).from(JOBS)
                .where(JOBS.QUEUE.in("kept", "undone")).fetch(JOBS.QUEUE));
        assertThat(written).containsExactly("kept");
        tenants.inTenant(ACME, dsl -> dsl.deleteFrom(JOBS).where(JOBS.QUEUE.eq("kept")).execute());
    }

    @Test
    void maintenanceRunsOnItsOwnLoginWithoutSwitchingRoleAndSeesEveryTenant() throws Exception {
        try (Connection pooled = maintenance.open()) {
            TenantContext tenants = new TenantContext(TwoTenantDatabase.dataSource(app)).withMaintenance(new SingleConnectionDataSource(pooled));

            List<Object> seen = tenants.asMaintenance(dsl -> List.of(dsl.fetchCount(JOBS), dsl.fetchValue(CURRENT_USER)));

            assertThat(seen).containsExactly(2, maintenance.user());
            assertThat(DSL.using(pooled).fetchValue("select current_user")).isEqualTo(maintenance.user());
        }
    }

    /**
     * What docs/tenant-isolation.md says of code that sets the tenant for the session inside a unit of
     * work: PostgreSQL lets it switch tenants at once, and the value outlives the transaction on the pooled
     * connection (a later inTenant overrides it again for its own transaction), unless the work fails.
     */
    @Test
    void aSessionLevelTenantSetInsideAUnitOfWorkSwitchesTenantsAndOutlivesItsTransaction() throws Exception {
        try (Connection pooled = app.open()) {
            TenantContext tenants = new TenantContext(new SingleConnectionDataSource(pooled));
            String sessionWide = "select set_config('app.current_tenant', ?, false)";

            UUID seen = tenants.inTenant(ACME, dsl -> {
                dsl.fetch(sessionWide, GLOBEX.toString());
                return dsl.select(JOBS.TENANT_ID).from(JOBS).fetchSingle().value1();
            });
            assertThat(seen).isEqualTo(GLOBEX);

            var after = DSL.using(pooled);
            assertThat(after.fetchValue("select current_setting('app.current_tenant', true)")).isEqualTo(GLOBEX.toString());
            assertThat(after.select(JOBS.TENANT_ID).from(JOBS).fetchSingle().value1()).isEqualTo(GLOBEX);
            UUID next = tenants.inTenant(ACME, dsl -> dsl.select(JOBS.TENANT_ID).from(JOBS).fetchSingle().value1());
            assertThat(next).isEqualTo(ACME);
            assertThat(after.fetchValue("select current_setting('app.current_tenant', true)")).isEqualTo(GLOBEX.toString());

            after.fetch("select set_config('app.current_tenant', '', false)");
            assertThatThrownBy(() -> tenants.inTenant(ACME, dsl -> {
                dsl.fetch(sessionWide, GLOBEX.toString());
                throw new IllegalStateException("the work failed");
            })).hasMessageContaining("the work failed");
            assertThat(after.fetchValue("select current_setting('app.current_tenant', true)")).isEqualTo("");
        }
    }
}
