package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rollback racing other sessions: writers that commit between the data guard's count and the drop, and
 * a migrate started at the same moment. Each test from an empty schema.
 */
class RollbackRaceIT extends DatabaseIT {

    private static final String SYSTEM_TENANT = MigrationSettings.DEFAULT.systemTenant().toString();
    private static final String ACME = "22222222-2222-2222-2222-222222222222";

    @AfterEach
    void reset() throws SQLException {
        resetSchema();
    }

    /**
     * The reproduction: a session holds the system tenant's row, so the rollback passes its guard and
     * then waits in V3; meanwhile a tenant and five of its jobs are committed. Those jobs must never be
     * dropped without --force: either the rollback sees them and refuses, or they cannot be written.
     */
    @Test
    void rowsWrittenWhileARollbackWaitsAreNeitherDroppedSilentlyNorLost() throws Exception {
        migrations().migrate();
        ConnectionSettings app = loginAs("queue_app");
        // As the issue ran it: as postgres, whose guard sees every row without lifting FORCE (and so without a lock).
        QueueSchemaMigrations patient = new QueueSchemaMigrations(database.settings(),
                MigrationSettings.DEFAULT.withLockTimeout(Duration.ofSeconds(60)));

        CompletableFuture<Void> rollback;
        CompletableFuture<Void> writer;
        try (Connection holder = database.open(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("select id from tenants where id = '" + SYSTEM_TENANT + "' for update");
            rollback = CompletableFuture.runAsync(() -> patient.rollback(patient.planRollback(0), false));
            awaitLockWaits(1, null);
            writer = CompletableFuture.runAsync(() -> {
                try (Connection admin = database.open(); Connection service = app.open(); Statement w = service.createStatement()) {
                    admin.createStatement().execute("insert into tenants (id, name) values ('" + ACME + "', 'acme')");
                    service.setAutoCommit(false);
                    w.execute("select set_config('app.current_tenant', '" + ACME + "', true)");
                    w.execute("insert into jobs (tenant_id, queue, type) select '" + ACME + "', 'q', 't' from generate_series(1, 5)");
                    service.commit();
                } catch (SQLException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
            awaitLockWaits(2, writer); // the writer committed, or waits behind the rollback's lock
            holder.rollback();
        }
        Throwable rollbackFailure = outcome(rollback);
        Throwable writerFailure = outcome(writer);

        if (writerFailure == null) {
            // The jobs were committed: the rollback must have seen them and refused, keeping them.
            assertThat(rollbackFailure).isInstanceOf(MigrationFailure.class).hasMessageContaining("jobs (5 rows)");
            assertThat(rows("select count(*) from jobs where tenant_id = '" + ACME + "'")).containsExactly(List.of("5"));
        } else {
            // The writer was kept out until the tables were gone: nothing it wrote was ever committed.
            assertThat(rollbackFailure).isNull();
            assertThat(rows("select count(*) from pg_class where relname in ('jobs', 'tenants')")).containsExactly(List.of("0"));
        }
    }

    /**
     * The wedge: from version 1, a rollback to 0 and a migrate started together. Whatever the order
     * the schema change lock gives them, history and catalog must agree afterwards: empty history and no
     * table, or every version applied and the catalog of a fresh migrate.
     */
    @Test
    void rollbackAndMigrateStartedTogetherNeverLeaveHistoryAndCatalogApart() throws Exception {
        migrations().migrate();
        String migrated = snapshot();
        resetSchema();
        for (int run = 0; run < 12; run++) {
            new QueueSchemaMigrations(database.settings(), MigrationSettings.DEFAULT, Migrations.ALL.subList(0, 1)).migrate();
            CyclicBarrier start = new CyclicBarrier(2);
            CompletableFuture<Void> rollback = CompletableFuture.runAsync(() -> {
                await(start);
                QueueSchemaMigrations m = migrations();
                m.rollback(m.planRollback(0), false);
            });
            CompletableFuture<Void> migrate = CompletableFuture.runAsync(() -> {
                await(start);
                migrations().migrate();
            });
            assertThat(outcome(rollback)).as("rollback, run %d", run).isNull();
            assertThat(outcome(migrate)).as("migrate, run %d", run).isNull();

            List<List<String>> history = rows("select version from flyway_schema_history where version <> '0' order by installed_rank");
            if (history.isEmpty()) {
                assertThat(rows("select relname from pg_class where relname in ('jobs', 'queues', 'tenants')")).as("run %d", run).isEmpty();
            } else {
                assertThat(history).as("run %d", run).containsExactlyElementsOf(
                        Migrations.all().stream().map(m -> List.of(m.getVersion().getVersion())).toList());
                assertThat(snapshot()).as("run %d", run).isEqualTo(migrated);
                migrations().validate();
            }
            resetSchema();
        }
    }

    /** Waits until {@code waits} sessions of the test database wait for a lock, or {@code task} (if any) is done. */
    private void awaitLockWaits(int waits, CompletableFuture<Void> task) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (task != null && task.isDone() || Integer.parseInt(rows("select count(*) from pg_locks l join pg_stat_activity a "
                    + "using (pid) where not l.granted and a.datname = current_database()").get(0).get(0)) >= waits) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("never saw " + waits + " sessions waiting for a lock");
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Null when the task succeeded, else what it threw. */
    private static Throwable outcome(CompletableFuture<Void> task) throws InterruptedException {
        try {
            task.get(2, TimeUnit.MINUTES);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("did not finish within 2 minutes", e);
        }
    }
}
