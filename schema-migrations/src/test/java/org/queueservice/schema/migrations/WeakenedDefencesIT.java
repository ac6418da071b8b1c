package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.queueservice.schema.migrations.TenantIsolationAttackIT.attack;
import static org.queueservice.schema.migrations.TenantIsolationAttackIT.count;
import static org.queueservice.schema.migrations.provision.TwoTenants.ACME;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.queueservice.schema.migrations.internal.StepRunner;
import org.queueservice.schema.migrations.provision.TwoTenants;

/**
 * Proof that the attack suite and the plan checks can fail: each test removes one defence the way the
 * original schema (or its later Knex version) lacked it, and shows that the attack that
 * {@link TenantIsolationAttackIT} or {@link IndexUsageIT} asserts against now succeeds. The defences are
 * restored after each test by re-running V2's own (idempotent) steps.
 */
class WeakenedDefencesIT extends DatabaseIT {

    private ConnectionSettings owner;
    private ConnectionSettings app;

    @BeforeAll
    void migrateAsOwnerAndLoadTwoTenants() throws SQLException {
        owner = migrateAsOwnerWithTwoTenants();
        app = loginAs("queue_app");
    }

    @AfterEach
    void restoreDefences() throws SQLException {
        execute("delete from jobs where type = 'bulk'");
        asOwner("drop policy if exists jobs_system_user_bypass on jobs");
        try (Connection c = owner.open()) {
            c.setAutoCommit(false);
            StepRunner.run(c, new V2__Enforce_tenant_isolation().up(MigrationSettings.DEFAULT));
            c.commit();
        }
        assertThat(attack(owner, null, s -> count(s, "select count(*) from jobs"))).isZero();
    }

    private void asOwner(String... statements) throws SQLException {
        try (Connection c = owner.open(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    @Test
    void withoutForceTheOwnerReadsEveryTenant() throws SQLException {
        asOwner("alter table jobs no force row level security");

        assertThat(attack(owner, null, s -> count(s, "select count(*) from jobs"))).isEqualTo(4);
    }

    @Test
    void withoutRowLevelSecurityTheServiceReadsEveryTenant() throws SQLException {
        asOwner("alter table jobs disable row level security");

        assertThat(attack(app, ACME.toString(), s -> count(s, "select count(*) from jobs"))).isEqualTo(4);
    }

    @Test
    void aSettingBasedBypassLetsAnyConnectionReadEveryTenant() throws SQLException {
        // The later Knex version's escape hatch: any client can set any app.* setting.
        asOwner("create policy jobs_system_user_bypass on jobs using (current_setting('app.is_system_user', true) = 'true')");

        long seen = attack(app, null, s -> {
            s.execute("select set_config('app.is_system_user', 'true', true)");
            return count(s, "select count(*) from jobs");
        });
        assertThat(seen).isEqualTo(4);
    }

    @Test
    void theOriginalTextCastPolicyKeepsTheTenantOutOfTheIndexCondition() throws SQLException {
        execute("insert into jobs (tenant_id, queue, type, status) select case when i % 2 = 0 then '" + ACME + "'::uuid"
                        + " else '" + TwoTenants.GLOBEX + "'::uuid end, 'queue-' || i % 50, 'bulk', 'pending' from generate_series(1, 20000) i",
                "analyze jobs");
        String claim = "select id from jobs where queue = 'queue-3' and status = 'pending' order by scheduled_for, created_at limit 10";
        List<String> guarded = IndexUsageIT.plan(app, ACME.toString(), claim);
        asOwner("drop policy jobs_tenant_isolation on jobs",
                "create policy jobs_tenant_isolation on jobs using (tenant_id::text = current_setting('app.current_tenant', true))");

        List<String> cast = IndexUsageIT.plan(app, ACME.toString(), claim);

        assertThat(guarded).anyMatch(line -> line.contains("Index Cond") && line.contains("tenant_id = $"));
        assertThat(cast).noneMatch(line -> line.contains("Index Cond") && line.contains("tenant_id"));
        assertThat(cast).anyMatch(line -> line.contains("Filter") && line.contains("(tenant_id)::text = current_setting"));
    }
}
