package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** adopt's preflight refusals, adoption under a concurrent writer, and adoption interrupted and finished by a re-run. */
class AdoptOnlineIT extends DatabaseIT {

    private static final String ACME = "aaaaaaaa-0000-0000-0000-000000000001";

    @BeforeEach
    void knexDatabaseWithRows() throws SQLException {
        resetSchema();
        execute("drop table if exists flyway_schema_history");
        KnexDatabase.load(database.settings(), KnexDatabase.TENANTS_SERVICE, KnexDatabase.KNEX_BASELINE, KnexDatabase.KNEX_ROWS);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "update jobs set status = 'queued' where queue = 'acme-mail'"
                    + "|jobs: jobs_status_check: rows it would reject, 2 rows (",
            "update queues set pending_count = -1 where name = 'acme-mail'"
                    + "|queues: queues_pending_count_check: rows it would reject, 1 row (",
            "alter table queues drop constraint queues_name_unique; insert into queues (tenant_id, name, type) values ('" + ACME + "', 'acme-mail', 'standard')"
                    + "|queues: queues_tenant_id_name_key: rows that repeat a value within their tenant, 2 rows (",
            "alter table jobs drop constraint jobs_tenant_id_foreign; insert into jobs (tenant_id, queue, type) values ('eeeeeeee-0000-0000-0000-000000000005', 'q', 't')"
                    + "|jobs: jobs_tenant_id_fkey: belongs to a tenant missing from tenants, 1 row (",
            "create index jobs_claim_idx on jobs (type)"
                    + "|jobs: index jobs_claim_idx: in the way: it is `CREATE INDEX jobs_claim_idx ON public.jobs USING btree (type)`, the schema needs `",
            // An index under the name of a unique constraint adopt turns an index into: it would become a global unique.
            "create unique index queues_tenant_id_name_key on queues (name)"
                    + "|queues: index queues_tenant_id_name_key: in the way: it is `CREATE UNIQUE INDEX queues_tenant_id_name_key ON public.queues USING btree (name)`, the schema needs `",
            "create unique index rate_limiters_pkey_adopted on rate_limiters (service_name)"
                    + "|rate_limiters: index rate_limiters_pkey_adopted: in the way: it is `CREATE UNIQUE INDEX rate_limiters_pkey_adopted ON public.rate_limiters USING btree (service_name)`, the schema needs `",
            "delete from rate_limiters where tenant_id = '00000000-0000-0000-0000-000000000001'; delete from tenants where name = 'system'"
                    + "|tenants: system tenant 00000000-0000-0000-0000-000000000001: no row for the tenant that owns the seed rows"})
    void eachPreflightFindingRefusesAndLeavesTheDatabaseExactlyAsItWas(String fault, String finding) throws Exception {
        execute(fault);
        String schema = snapshot();
        String dump = schemaDump();
        List<List<String>> rows = fingerprints();

        assertThat(migrations().planAdoption().findings()).singleElement().asString().startsWith(finding);
        assertThatThrownBy(() -> migrations().adopt()).isInstanceOf(MigrationFailure.class)
                .hasMessageStartingWith("adopt refused: the preflight found 1 problem(s): " + finding)
                .hasMessageEndingWith(". Nothing was changed.");

        assertThat(snapshot()).isEqualTo(schema);
        assertThat(schemaDump()).isEqualTo(dump);
        assertThat(fingerprints()).isEqualTo(rows);
    }

    @Test
    void aUserWhoDoesNotOwnTheTablesIsRefusedBeforeAnyChangeNamingTheOwner() throws Exception {
        String schema = snapshot();
        String dump = schemaDump();
        ConnectionSettings other = database.loginAs();
        QueueSchemaMigrations asOther = new QueueSchemaMigrations(other, MigrationSettings.DEFAULT);

        // Without the check, adopt made the roles and the trigger function, then stopped at its first ALTER TABLE.
        assertThatThrownBy(asOther::adopt).isInstanceOf(MigrationFailure.class)
                .hasMessage("adopt refused: " + other.user() + " does not own the tables of " + database.name() + " (alert_history, "
                        + "critical_jobs, dead_letter_jobs, idempotency_keys, jobs, queue_metrics, queues, rate_limiters, rate_limits, "
                        + "schedules owned by " + database.settings().user() + "); run adopt as " + database.settings().user()
                        + ". Nothing was changed.");

        assertThat(snapshot()).isEqualTo(schema);
        assertThat(schemaDump()).isEqualTo(dump);
    }

    @Test
    void aWriterKeepsEnqueueingDuringAdoptionWithoutAnErrorOrALostRow() throws Exception {
        long before = count("select count(*) from jobs");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong written = new AtomicLong();
        AtomicLong longestNanos = new AtomicLong();
        // The service of the Knex days: it names tenant, queue and type, and the defaults fill the rest.
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (Connection c = database.open(); Statement s = c.createStatement()) {
                while (!stop.get()) {
                    long start = System.nanoTime();
                    s.executeUpdate("insert into jobs (tenant_id, queue, type) values ('" + ACME + "', 'acme-mail', 'send')");
                    longestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                    written.incrementAndGet();
                }
            } catch (SQLException e) {
                throw new IllegalStateException("the writer failed: " + e.getMessage(), e);
            }
        });
        while (written.get() < 50) {
            Thread.sleep(10);
        }

        migrations().adopt();
        long duringAdoption = written.get();
        stop.set(true);
        writer.get();

        assertThat(duringAdoption).isGreaterThan(50);
        assertThat(count("select count(*) from jobs")).isEqualTo(before + written.get());
        assertThat(Duration.ofNanos(longestNanos.get())).isLessThan(MigrationSettings.DEFAULT.lockTimeout());
        migrations().validate();
    }

    @Test
    void anAdoptionInterruptedInsideAConcurrentIndexBuildIsFinishedByTheNextRun() throws Exception {
        Throwable failure;
        try (Connection old = database.open(); Statement snapshot = old.createStatement()) {
            // An open transaction with a snapshot: CREATE INDEX CONCURRENTLY waits for it with its index INVALID.
            old.setAutoCommit(false);
            snapshot.execute("set transaction isolation level repeatable read");
            snapshot.execute("select count(*) from tenants");
            failure = adoptKilledWhileRunning("create unique index concurrently%");
            old.rollback();
        }
        assertThat(failure).isInstanceOf(MigrationFailure.class).hasMessageStartingWith("adopt stopped at ")
                .hasMessageEndingWith("The steps before it are done and nothing is half-done; run adopt again to continue.");
        assertThat(count("select count(*) from pg_index where not indisvalid")).isEqualTo(1);
        assertThat(migrations().planAdoption().state()).isEqualTo("adopted half-way by an earlier run, which this one continues");

        migrations().adopt();

        assertThat(count("select count(*) from pg_index where not indisvalid")).isZero();
        migrations().validate();
        assertThat(rows("select count(*) from pg_indexes where schemaname = 'public' and indexname like '%\\_index'")).containsExactly(List.of("0"));
    }

    @Test
    void anAdoptionWhoseConnectionIsKilledBetweenStepsIsFinishedByTheNextRun() throws Exception {
        Throwable failure;
        try (Connection busy = database.open(); Statement s = busy.createStatement()) {
            // Every unit before dead_letter_jobs' first one commits; that one waits for this lock and is killed waiting.
            busy.setAutoCommit(false);
            s.execute("lock table dead_letter_jobs in share mode");
            failure = adoptKilledWhileRunning("alter table \"dead_letter_jobs\"%");
            busy.rollback();
        }
        assertThat(failure).isInstanceOf(MigrationFailure.class)
                .hasMessageStartingWith("adopt stopped at defaults and comments of dead_letter_jobs: ");
        assertThat(rows("select obj_description('alert_history'::regclass, 'pg_class') is not null, "
                + "obj_description('dead_letter_jobs'::regclass, 'pg_class') is null")).containsExactly(List.of("t", "t"));

        migrations().adopt();

        migrations().validate();
        assertThat(rows("select count(*) from pg_policies where policyname = 'tenant_isolation_policy'")).containsExactly(List.of("0"));
    }

    @Test
    void anAdoptionStoppedBetweenStepsByLockTimeoutsSaysSoAndIsFinishedByTheNextRun() throws Exception {
        QueueSchemaMigrations impatient = new QueueSchemaMigrations(database.settings(),
                MigrationSettings.DEFAULT.withLockTimeout(Duration.ofMillis(100)));
        try (Connection busy = database.open(); Statement s = busy.createStatement()) {
            busy.setAutoCommit(false);
            // SHARE: reads, the catalog and the preflight go on; the conversion's ALTER TABLE waits.
            s.execute("lock table alert_history in share mode");
            assertThatThrownBy(impatient::adopt).isInstanceOf(MigrationFailure.class)
                    .hasMessageStartingWith("adopt stopped at defaults and comments of alert_history after 5 lock timeouts of 100 ms: "
                            + "ERROR: canceling statement due to lock timeout [SQLSTATE 55P03]");
            busy.rollback();
        }
        assertThat(rows("select count(*) from pg_constraint where conname = 'queues_tenant_id_fkey'")).containsExactly(List.of("0"));
        // Flyway alone would pass this database with every version pending ("run migrate"), which migrate refuses.
        String halfAdopted = database.name() + " is half-adopted: an interrupted queue-schema adopt converted part of it and "
                + "recorded no version in flyway_schema_history; run queue-schema adopt again to finish it.";
        assertThatThrownBy(() -> migrations().validate()).isInstanceOf(MigrationFailure.class)
                .hasMessage("validate failed: " + halfAdopted);
        assertThat(migrations().info()).last().isEqualTo(halfAdopted);
        assertThatThrownBy(() -> migrations().migrate()).isInstanceOf(MigrationFailure.class)
                .hasMessage("migrate refused: " + halfAdopted + " Nothing was changed.");
        assertThat(rows("select column_default from information_schema.columns where table_name = 'queues' and column_name = 'tenant_id'"))
                .containsExactly(java.util.Arrays.asList((String) null));

        migrations().adopt();

        migrations().validate();
        assertThat(rows("select count(*) from pg_constraint where conname like '%\\_foreign' or conname like '%\\_unique'"))
                .containsExactly(List.of("0"));
    }

    /** Runs adopt in a thread and terminates its backend once it waits for a lock in a statement like {@code query}. */
    private Throwable adoptKilledWhileRunning(String query) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CompletableFuture<Void> adopt = CompletableFuture.runAsync(() -> migrations().adopt())
                .exceptionally(e -> {
                    failure.set(e.getCause());
                    return null;
                });
        while (count("select count(pg_terminate_backend(pid)) from pg_stat_activity where query ilike '" + query
                + "' and wait_event_type = 'Lock'") == 0) {
            Thread.sleep(20);
        }
        adopt.get();
        return failure.get();
    }

    private long count(String sql) throws SQLException {
        return Long.parseLong(rows(sql).get(0).get(0));
    }

    /**
     * {@code pg_dump --schema-only}, as an operator would compare the database: it also sees grants, owners and
     * comments. Where the PostgreSQL client tools are not installed (a Docker-only machine) the catalog
     * snapshot and the row fingerprints stand alone, and this is empty on both sides.
     */
    private String schemaDump() throws Exception {
        try {
            ProcessBuilder pgDump = new ProcessBuilder("pg_dump", "--schema-only", "--username", database.settings().user(),
                    database.settings().url().replaceFirst("^jdbc:", "").replaceFirst("\\?.*$", ""));
            if (database.settings().password() != null && !database.settings().password().isEmpty()) {
                pgDump.environment().put("PGPASSWORD", database.settings().password());
            }
            pgDump.redirectErrorStream(true);
            Process process = pgDump.start();
            String dump = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as(dump).isZero();
            // Recent pg_dump versions fence the script with a random key on every run.
            return dump.lines().filter(line -> !line.startsWith("\\restrict ") && !line.startsWith("\\unrestrict "))
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("error=2")) { // no pg_dump on the PATH
                return "";
            }
            throw e;
        }
    }

    /** One md5 over every row of every table, tenants and Knex's tables included, read as the superuser. */
    private List<List<String>> fingerprints() throws SQLException {
        List<String> tables = new java.util.ArrayList<>(KnexDatabase.KNEX_TABLES);
        tables.add("tenants");
        org.queueservice.schema.model.QueueSchema.MODEL.tables().forEach(t -> tables.add(t.tableName()));
        return rows(String.join(" union all ", tables.stream().map(t -> "select '" + t + "', md5(string_agg(to_jsonb(r)::text, ',' "
                + "order by to_jsonb(r)::text)) from " + t + " r").toList()));
    }
}
