package org.queueservice.schema.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.queueservice.schema.generated.Tables.JOBS;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.TreeSet;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.tenant.TenantContext;

/**
 * Every nesting of tenant and maintenance work ends with exactly the tenant and login it began with, and
 * tenant work sees only its tenant wherever it is called from (issue 20, item 12). The service login is
 * only a member of queue_app, the maintenance login only of queue_maintenance. "Nested on the connection"
 * is the work handing its own DSLContext to a TenantContext, as code running in the service's transaction
 * does; "through the context" is the work calling the same TenantContext again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantContextNestingIT {

    private static final UUID ACME = TwoTenantDatabase.ACME;
    private static final UUID GLOBEX = TwoTenantDatabase.GLOBEX;

    private TwoTenantDatabase database;
    private ConnectionSettings app;
    private ConnectionSettings maintenance;
    private TenantContext tenants;

    /** What a transaction sees: its login, its tenant setting, and the tenants of the jobs it can read. */
    private record Seen(String login, String tenant, Set<UUID> jobsOf) {
    }

    @BeforeAll
    void migrate() throws Exception {
        database = new TwoTenantDatabase("TenantContextNestingIT");
        database.execute("insert into jobs (tenant_id, queue, type) values ('" + ACME + "', 'q', 't'), ('" + GLOBEX + "', 'q', 't')");
        app = database.login("queue_app");
        maintenance = database.login("queue_maintenance");
        tenants = new TenantContext(TwoTenantDatabase.dataSource(app)).withMaintenance(TwoTenantDatabase.dataSource(maintenance));
    }

    @AfterAll
    void drop() {
        if (database != null) { // null when no server could be had: that failure is already reported
            database.close();
        }
    }

    private static Seen seen(DSLContext dsl) {
        String tenant = dsl.fetchValue(DSL.field("coalesce(current_setting('app.current_tenant', true), '')", String.class));
        return new Seen(dsl.fetchValue(DSL.field("current_user", String.class)), tenant,
                new TreeSet<>(dsl.selectDistinct(JOBS.TENANT_ID).from(JOBS).fetch(JOBS.TENANT_ID)));
    }

    private Seen as(UUID tenant) {
        return new Seen(app.user(), tenant.toString(), Set.of(tenant));
    }

    private Seen asMaintenance() {
        return new Seen(maintenance.user(), "", Set.of(ACME, GLOBEX));
    }

    // The first case: a tenant call inside maintenance work read every tenant's jobs.
    @Test
    void tenantWorkInsideMaintenanceWorkSeesOnlyItsTenant() {
        List<Seen> seen = tenants.asMaintenance(dsl -> List.of(tenants.inTenant(ACME, TenantContextNestingIT::seen), seen(dsl)));

        assertThat(seen).containsExactly(as(ACME), asMaintenance());
    }

    @Test
    void tenantWorkNestedOnTheMaintenanceConnectionIsRefusedAndTheMaintenanceWorkGoesOn() {
        Seen after = tenants.asMaintenance(dsl -> {
            assertThatThrownBy(() -> new TenantContext(dsl).inTenant(ACME, TenantContextNestingIT::seen))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("inTenant refused: the login of this connection has the privileges of the maintenance role "
                            + "queue_maintenance");
            return seen(dsl);
        });

        assertThat(after).isEqualTo(asMaintenance());
    }

    // The second case: after an inner tenant call, the outer call went on reading the inner tenant's jobs.
    @Test
    void tenantWorkNestedOnTheConnectionEndsWithTheOuterTenant() {
        List<Seen> seen = tenants.inTenant(ACME, dsl -> {
            Seen inner = new TenantContext(dsl).inTenant(GLOBEX, TenantContextNestingIT::seen);
            return List.of(inner, seen(dsl));
        });

        assertThat(seen).containsExactly(as(GLOBEX), as(ACME));
    }

    @Test
    void tenantWorkThroughTheContextInsideTenantWorkEndsWithTheOuterTenant() {
        List<Seen> seen = tenants.inTenant(ACME, dsl -> List.of(tenants.inTenant(GLOBEX, TenantContextNestingIT::seen), seen(dsl)));

        assertThat(seen).containsExactly(as(GLOBEX), as(ACME));
    }

    @Test
    void maintenanceWorkInsideTenantWorkSeesEveryTenantAndLeavesTheTenantAsItWas() {
        List<Seen> seen = tenants.inTenant(ACME, dsl -> List.of(tenants.asMaintenance(TenantContextNestingIT::seen), seen(dsl)));

        assertThat(seen).containsExactly(asMaintenance(), as(ACME));
    }

    @Test
    void maintenanceWorkInsideMaintenanceWork() {
        List<Seen> seen = tenants.asMaintenance(dsl -> List.of(tenants.asMaintenance(TenantContextNestingIT::seen), seen(dsl)));

        assertThat(seen).containsExactly(asMaintenance(), asMaintenance());
    }

    @Test
    void aFailureInsideNestedWorkLeavesTheOuterWorkAsItBegan() {
        List<Seen> seen = tenants.inTenant(ACME, dsl -> {
            assertThatThrownBy(() -> new TenantContext(dsl).inTenant(GLOBEX, inner -> {
                inner.insertInto(JOBS).set(JOBS.TENANT_ID, GLOBEX).set(JOBS.QUEUE, "lost").set(JOBS.TYPE, "t").execute();
                throw new IllegalStateException("inner tenant work failed");
            })).hasMessage("inner tenant work failed");
            Seen afterTenant = seen(dsl);
            assertThatThrownBy(() -> tenants.asMaintenance(inner -> {
                throw new IllegalStateException("maintenance work failed");
            })).hasMessage("maintenance work failed");
            assertThatThrownBy(() -> tenants.inTenant(GLOBEX, inner -> {
                throw new IllegalStateException("tenant work on another connection failed");
            })).hasMessage("tenant work on another connection failed");
            return List.of(afterTenant, seen(dsl));
        });
        Seen maintained = tenants.asMaintenance(dsl -> {
            assertThatThrownBy(() -> tenants.asMaintenance(inner -> {
                throw new IllegalStateException("inner maintenance work failed");
            })).hasMessage("inner maintenance work failed");
            assertThatThrownBy(() -> tenants.inTenant(ACME, inner -> {
                throw new IllegalStateException("tenant work failed");
            })).hasMessage("tenant work failed");
            return seen(dsl);
        });

        assertThat(seen).containsExactly(as(ACME), as(ACME));
        assertThat(maintained).isEqualTo(asMaintenance());
        int lost = tenants.asMaintenance(dsl -> dsl.fetchCount(JOBS, JOBS.QUEUE.eq("lost")));
        assertThat(lost).isZero();
    }

    @Test
    void tenantWorkNestedInTheServicesTransactionEndsWithTheTenantTheServiceHad() {
        DSLContext service = DSL.using(TwoTenantDatabase.dataSource(app), SQLDialect.POSTGRES);

        List<Seen> seen = service.transactionResult(configuration -> {
            Seen inner = new TenantContext(configuration).inTenant(ACME, TenantContextNestingIT::seen);
            return List.of(inner, seen(configuration.dsl()));
        });

        assertThat(seen).containsExactly(as(ACME), new Seen(app.user(), "", Set.of()));
    }

    @Test
    void maintenanceWithoutItsLoginIsRefusedNamingWhatToConfigure() {
        TenantContext serviceOnly = new TenantContext(TwoTenantDatabase.dataSource(app));

        assertThatThrownBy(() -> serviceOnly.asMaintenance(TenantContextNestingIT::seen))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("asMaintenance needs the maintenance login's connections: tenants.withMaintenance(maintenanceDataSource), "
                        + "a login that is a member of queue_maintenance and not the service's");
    }

    @Test
    void theServiceLoginGivenAsTheMaintenanceLoginIsRefused() {
        TenantContext misconfigured = new TenantContext(TwoTenantDatabase.dataSource(app)).withMaintenance(TwoTenantDatabase.dataSource(app));

        assertThatThrownBy(() -> misconfigured.asMaintenance(TenantContextNestingIT::seen))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("asMaintenance refused: the maintenance login " + app.user() + " does not have the privileges of "
                        + "queue_maintenance; GRANT queue_maintenance TO it (with INHERIT)");
    }
}
