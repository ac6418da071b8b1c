package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.queueservice.schema.migrations.provision.TwoTenants;
import org.queueservice.schema.migrations.repair.Repair;

/**
 * Issue 20, item 8: repair restored one dropped index under V2's ACCESS EXCLUSIVE locks while it snapshot
 * every row twice; a plain INSERT into jobs waited 81.8 s at 120,000 jobs. Now no writer may wait longer
 * than the lock timeout, whatever the table's size.
 */
class RepairUnderLoadIT extends DatabaseIT {

    private static final int JOBS = 120_000;

    @Test
    void restoringADroppedIndexOn120000JobsKeepsEveryInsertUnderTheLockTimeout() throws Exception {
        migrations().migrate();
        execute(TwoTenants.tenants(), "insert into jobs (tenant_id, queue, type) select '" + TwoTenants.ACME
                + "', 'queue-' || i % 10, 'send' from generate_series(1, " + JOBS + ") i", "analyze jobs", "drop index jobs_claim_idx");
        AtomicBoolean running = new AtomicBoolean(true);
        CompletableFuture<long[]> writer = CompletableFuture.supplyAsync(() -> writeUntilStopped(running));

        long started = System.nanoTime();
        Repair.Report report;
        try {
            report = migrations().repair(false);
        } finally {
            running.set(false);
        }
        Duration repair = Duration.ofNanos(System.nanoTime() - started);
        long[] writes = writer.get();
        Duration longestInsert = Duration.ofNanos(writes[1]);

        System.out.printf("repair of one dropped index on %,d jobs: %d ms; %d inserts meanwhile, the longest %d ms "
                + "(lock timeout %d ms)%n", JOBS, repair.toMillis(), writes[0], longestInsert.toMillis(),
                MigrationSettings.DEFAULT.lockTimeout().toMillis());
        assertThat(report.restored()).singleElement().asString().startsWith("index jobs.jobs_claim_idx: ");
        assertThat(rows("select indisvalid::text from pg_index where indexrelid = 'jobs_claim_idx'::regclass"))
                .containsExactly(java.util.List.of("true"));
        assertThat(writes[0]).isPositive();
        assertThat(longestInsert).isLessThan(MigrationSettings.DEFAULT.lockTimeout());
    }

    /** Inserts one job at a time until told to stop: how many, and the longest insert in nanoseconds. */
    private long[] writeUntilStopped(AtomicBoolean running) {
        long count = 0;
        long longest = 0;
        try (Connection c = database.open(); Statement s = c.createStatement()) {
            while (running.get()) {
                long start = System.nanoTime();
                s.execute("insert into jobs (tenant_id, queue, type) values ('" + TwoTenants.ACME + "', 'queue-1', 'send')");
                longest = Math.max(longest, System.nanoTime() - start);
                count++;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the writer failed: " + e.getMessage(), e);
        }
        return new long[] {count, longest};
    }
}
