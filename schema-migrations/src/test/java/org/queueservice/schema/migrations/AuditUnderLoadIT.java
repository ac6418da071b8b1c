package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.queueservice.schema.migrations.audit.AuditReport;
import org.queueservice.schema.migrations.audit.MigrationAudit;
import org.queueservice.schema.migrations.provision.TwoTenants;

/**
 * The audit on a database in use: a session holds a row lock on jobs for the whole audit while a service
 * login writes jobs, and every lock the audit's sessions ask for on the audited database, sampled from
 * pg_locks as it runs, is ACCESS SHARE. A scratch database a killed audit left behind is dropped.
 */
class AuditUnderLoadIT extends DatabaseIT {

    @Test
    void theAuditPassesUnderLoadTakingNoLockStrongerThanAccessShare() throws Exception {
        migrateAsOwnerWithTwoTenants();
        ConnectionSettings service = loginAs(MigrationSettings.DEFAULT.roles().application());
        // Left by a killed audit: no session has pid 1 (it is the server machine's init).
        execute("create database qs_audit_1_1");
        AtomicBoolean auditing = new AtomicBoolean(true);
        Set<String> auditLocks = new ConcurrentSkipListSet<>();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (Connection holder = database.open(); Connection worker = service.open(); Connection sampler = database.open()) {
            holder.setAutoCommit(false);
            assertThat(rows(holder, "select id from jobs order by id limit 1 for update")).hasSize(1);
            int holderPid = pid(holder);
            int workerPid = pid(worker);
            Future<Integer> workload = threads.submit(() -> writeJobsUntilStopped(worker, auditing));
            Future<?> sampling = threads.submit(() -> sampleLocks(sampler, List.of(holderPid, workerPid), auditing, auditLocks));

            AuditReport report;
            try {
                report = new MigrationAudit(database.settings(), MigrationSettings.DEFAULT).run();
            } finally {
                auditing.set(false);
            }

            assertThat(report.notPassed()).isEmpty();
            assertThat(workload.get()).as("service transactions committed during the audit").isPositive();
            sampling.get();
            holder.rollback();
        } finally {
            threads.shutdownNow();
        }
        assertThat(auditLocks).as("locks the audit's sessions held or waited for on the audited database")
                .isNotEmpty().allSatisfy(lock -> assertThat(lock).startsWith("AccessShareLock "));
        // Neither the leftover nor the audit's own scratch database remains.
        assertThat(rows("select datname from pg_database where datname ~ '^qs_audit_[0-9]+_[0-9]+$'")).isEmpty();
    }

    private static int pid(Connection c) throws SQLException {
        return Integer.parseInt(rows(c, "select pg_backend_pid()").get(0).get(0));
    }

    /** One job inserted and updated per transaction, as the service does, until the audit ends. */
    private static int writeJobsUntilStopped(Connection worker, AtomicBoolean auditing) throws SQLException {
        worker.setAutoCommit(false);
        int transactions = 0;
        while (auditing.get()) {
            rows(worker, "select set_config('app.current_tenant', ?, true)", TwoTenants.ACME.toString());
            String id = rows(worker, "insert into jobs (tenant_id, queue, type) values (?, 'load', 'audit') returning id::text",
                    TwoTenants.ACME).get(0).get(0);
            rows(worker, "update jobs set attempts = attempts + 1 where id = ?::uuid returning id", id);
            worker.commit();
            transactions++;
        }
        return transactions;
    }

    /**
     * Every lock on the test database, granted or awaited, as "mode relation", of any client session but the
     * sampler's and {@code notTheAudit}'s (autovacuum, which the workload wakes, is no client).
     */
    private void sampleLocks(Connection sampler, List<Integer> notTheAudit, AtomicBoolean auditing, Set<String> seen) {
        try (PreparedStatement locks = sampler.prepareStatement("select l.mode || ' ' || coalesce(l.relation::regclass::text, "
                + "l.locktype) from pg_locks l join pg_stat_activity a on a.pid = l.pid and a.backend_type = 'client backend' "
                + "where l.database = (select oid from pg_database where datname = current_database()) "
                + "and l.pid <> pg_backend_pid() and l.pid <> all(?)")) {
            locks.setArray(1, sampler.createArrayOf("int4", notTheAudit.toArray()));
            while (auditing.get()) {
                try (ResultSet result = locks.executeQuery()) {
                    while (result.next()) {
                        seen.add(result.getString(1));
                    }
                }
                Thread.sleep(2);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("sampling pg_locks failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
