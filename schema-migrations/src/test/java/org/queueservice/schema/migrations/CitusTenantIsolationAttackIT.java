package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.queueservice.schema.migrations.provision.TwoTenants.ACME;
import static org.queueservice.schema.migrations.provision.TwoTenants.GLOBEX;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.util.PSQLException;
import org.queueservice.schema.migrations.provision.TwoTenants;

/**
 * The whole tenant-isolation attack suite on a Citus coordinator whose tables migrate distributed, as a login
 * only in queue_app; and, on every worker, the same login reaching the shards themselves: with Globex set,
 * it reads, changes and adds none of Acme's rows in any shard.
 */
class CitusTenantIsolationAttackIT extends TenantIsolationAttackIT {

    private ConnectionSettings service;

    @Override
    protected boolean onCitus() {
        return true;
    }

    /** On Citus the worker rejects the row, naming the shard: the table's name and its shard id. */
    @Override
    String rowRejected(String table) {
        return "new row violates row-level security policy for table \"" + table + "_";
    }

    /** Citus refuses to change the distribution column before a policy is asked: the row stays with its tenant. */
    @Override
    void assertMoveRejected(String table) {
        assertSqlState(() -> attacks.moveToOtherTenant(table), "0A000", "modifying the partition value of rows is not allowed");
    }

    @BeforeAll
    void aServiceLogin() {
        service = loginAs("queue_app");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void onEveryWorkerTenantBReadsChangesAndAddsNoneOfTenantAsRowsInAnyShard(String table) throws SQLException {
        long acmeRowsOnWorkers = 0;
        for (int worker = 0; worker < citus.workers().size(); worker++) {
            ConnectionSettings admin = citus.onWorker(worker);
            ConnectionSettings login = new ConnectionSettings(admin.url(), service.user(), service.password());
            for (String shard : shards(admin, table)) {
                acmeRowsOnWorkers += count(admin, "select count(*) from " + shard + " where tenant_id = '" + ACME + "'");
                try (Connection c = login.open(); Statement s = c.createStatement()) {
                    c.setAutoCommit(false);
                    s.execute("set citus.override_table_visibility = off");
                    s.execute("set local app.current_tenant = '" + GLOBEX + "'");
                    assertThat(count(s, "select count(*) from " + shard + " where tenant_id = '" + ACME + "'")).as(shard).isZero();
                    assertThat(s.executeUpdate("update " + shard + " set updated_at = now() where tenant_id = '" + ACME + "'")).as(shard).isZero();
                    assertThat(s.executeUpdate("delete from " + shard + " where tenant_id = '" + ACME + "'")).as(shard).isZero();
                    String insert = TwoTenants.insert(table, ACME, 99).replaceFirst("^insert into " + table + " ", "insert into " + shard + " ");
                    assertThatThrownBy(() -> s.execute(insert)).as(shard).isInstanceOf(PSQLException.class)
                            .hasMessageContaining("new row violates row-level security policy");
                    c.rollback();
                }
            }
        }
        assertThat(acmeRowsOnWorkers).as("Acme's rows of " + table + " are on the workers").isEqualTo(2);
    }

    private static List<String> shards(ConnectionSettings worker, String table) throws SQLException {
        try (Connection c = worker.open(); Statement s = c.createStatement()) {
            s.execute("set citus.override_table_visibility = off"); // Citus hides the shards from pg_class otherwise
            return rows(c, "select relname from pg_class where relname ~ ('^' || ? || '_[0-9]+$') and relkind = 'r'", table)
                    .stream().map(r -> r.get(0)).toList();
        }
    }

    private static long count(ConnectionSettings on, String sql) throws SQLException {
        try (Connection c = on.open(); Statement s = c.createStatement()) {
            return count(s, sql);
        }
    }
}
