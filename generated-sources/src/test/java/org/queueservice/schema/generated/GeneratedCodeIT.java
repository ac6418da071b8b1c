package org.queueservice.schema.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.queueservice.schema.generated.Tables.ALERT_HISTORY;
import static org.queueservice.schema.generated.Tables.CRITICAL_JOBS;
import static org.queueservice.schema.generated.Tables.DEAD_LETTER_JOBS;
import static org.queueservice.schema.generated.Tables.IDEMPOTENCY_KEYS;
import static org.queueservice.schema.generated.Tables.JOBS;
import static org.queueservice.schema.generated.Tables.QUEUES;
import static org.queueservice.schema.generated.Tables.QUEUE_METRICS;
import static org.queueservice.schema.generated.Tables.RATE_LIMITERS;
import static org.queueservice.schema.generated.Tables.RATE_LIMITS;
import static org.queueservice.schema.generated.Tables.SCHEDULES;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.TableField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.queueservice.schema.generated.enums.AlertSeverity;
import org.queueservice.schema.generated.enums.JobStatus;
import org.queueservice.schema.generated.tables.daos.JobsDao;
import org.queueservice.schema.generated.tables.pojos.Jobs;
import org.queueservice.schema.tenant.TenantContext;

/**
 * The generated classes against a migrated database, used as the queue service uses them: through
 * {@link TenantContext}, connected as a login in queue_app (not owner, not superuser). No string table
 * or column names: every table and field below is a generated one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedCodeIT {

    private static final UUID ACME = TwoTenantDatabase.ACME;
    private static final UUID GLOBEX = TwoTenantDatabase.GLOBEX;

    private TwoTenantDatabase database;
    private TenantContext tenants;

    @BeforeAll
    void migrate() throws Exception {
        database = new TwoTenantDatabase("GeneratedCodeIT");
        tenants = new TenantContext(TwoTenantDatabase.dataSource(database.login("queue_app")));
    }

    @AfterAll
    void drop() {
        if (database != null) { // null when no server could be had: that failure is already reported
            database.close();
        }
    }

    /** One table: its id and tenant fields, the values a new row needs, and one field to update. */
    record TableCase<R extends Record>(Table<R> table, TableField<R, UUID> id, TableField<R, UUID> tenantId,
                                       Map<TableField<R, ?>, Object> required, TableField<R, ?> updated, Object newValue) {
        @Override
        public String toString() {
            return table.getName();
        }
    }

    static Stream<TableCase<?>> everyTable() {
        // Microseconds: what timestamptz keeps.
        OffsetDateTime later = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS).plusHours(1);
        return Stream.of(
                new TableCase<>(QUEUES, QUEUES.ID, QUEUES.TENANT_ID,
                        Map.of(QUEUES.NAME, "emails", QUEUES.TYPE, "standard"), QUEUES.ACTIVE, false),
                new TableCase<>(JOBS, JOBS.ID, JOBS.TENANT_ID,
                        Map.of(JOBS.QUEUE, "emails", JOBS.TYPE, "send", JOBS.DATA, JSONB.valueOf("{\"to\": \"a@b.c\"}")),
                        JOBS.STATUS, JobStatus.PROCESSING),
                new TableCase<>(SCHEDULES, SCHEDULES.ID, SCHEDULES.TENANT_ID,
                        Map.of(SCHEDULES.NAME, "nightly", SCHEDULES.CRON_EXPRESSION, "0 0 * * *", SCHEDULES.JOB_TYPE, "report"),
                        SCHEDULES.NEXT_RUN, later),
                new TableCase<>(RATE_LIMITS, RATE_LIMITS.ID, RATE_LIMITS.TENANT_ID,
                        Map.of(RATE_LIMITS.KEY, "api", RATE_LIMITS.LIMIT, 100, RATE_LIMITS.WINDOW_SECONDS, 60,
                                RATE_LIMITS.RESET_AT, later),
                        RATE_LIMITS.CURRENT_COUNT, 7),
                new TableCase<>(CRITICAL_JOBS, CRITICAL_JOBS.ID, CRITICAL_JOBS.TENANT_ID,
                        Map.of(CRITICAL_JOBS.QUEUE_NAME, "payments", CRITICAL_JOBS.JOB_TYPE, "charge",
                                CRITICAL_JOBS.IDEMPOTENCY_KEY, "charge-1"),
                        CRITICAL_JOBS.PRIORITY, 9),
                new TableCase<>(QUEUE_METRICS, QUEUE_METRICS.ID, QUEUE_METRICS.TENANT_ID,
                        Map.of(QUEUE_METRICS.QUEUE_NAME, "emails", QUEUE_METRICS.WAITING_COUNT, 3),
                        QUEUE_METRICS.ACTIVE_COUNT, 2),
                new TableCase<>(IDEMPOTENCY_KEYS, IDEMPOTENCY_KEYS.ID, IDEMPOTENCY_KEYS.TENANT_ID,
                        Map.of(IDEMPOTENCY_KEYS.KEY, "req-1", IDEMPOTENCY_KEYS.QUEUE_NAME, "emails",
                                IDEMPOTENCY_KEYS.JOB_TYPE, "send", IDEMPOTENCY_KEYS.EXPIRES_AT, later),
                        IDEMPOTENCY_KEYS.RESULT, JSONB.valueOf("{\"ok\": true}")),
                new TableCase<>(RATE_LIMITERS, RATE_LIMITERS.ID, RATE_LIMITERS.TENANT_ID,
                        Map.of(RATE_LIMITERS.SERVICE_NAME, "github", RATE_LIMITERS.TOKENS_AVAILABLE, new BigDecimal("5.00"),
                                RATE_LIMITERS.MAX_CONCURRENT, 2, RATE_LIMITERS.REFILL_RATE, new BigDecimal("1.50"),
                                RATE_LIMITERS.BUCKET_SIZE, 10),
                        RATE_LIMITERS.TOKENS_AVAILABLE, new BigDecimal("4.00")),
                new TableCase<>(ALERT_HISTORY, ALERT_HISTORY.ID, ALERT_HISTORY.TENANT_ID,
                        Map.of(ALERT_HISTORY.SEVERITY, AlertSeverity.WARNING, ALERT_HISTORY.ALERT_TYPE, "queue_depth",
                                ALERT_HISTORY.MESSAGE, "emails is deep"),
                        ALERT_HISTORY.ACKNOWLEDGED, true),
                new TableCase<>(DEAD_LETTER_JOBS, DEAD_LETTER_JOBS.ID, DEAD_LETTER_JOBS.TENANT_ID,
                        Map.of(DEAD_LETTER_JOBS.QUEUE_NAME, "emails", DEAD_LETTER_JOBS.JOB_TYPE, "send",
                                DEAD_LETTER_JOBS.ERROR, "bounced"),
                        DEAD_LETTER_JOBS.ATTEMPTS, 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyTable")
    <R extends Record> void insertReadUpdateDeleteWithinATenantAndInvisibleToAnother(TableCase<R> t) {
        UUID id = tenants.inTenant(ACME, dsl -> dsl.insertInto(t.table())
                .set(t.required()).set(t.tenantId(), ACME)
                .returning(t.id()).fetchOne(t.id()));
        assertThat(id).isNotNull();

        R read = tenants.inTenant(ACME, dsl -> dsl.selectFrom(t.table()).where(t.id().eq(id)).fetchOne());
        assertThat(read).isNotNull();
        t.required().forEach((field, value) -> assertThat(read.get(field)).as(field.getName()).isEqualTo(value));

        @SuppressWarnings("unchecked")
        TableField<R, Object> updated = (TableField<R, Object>) t.updated();

        // Another tenant neither sees, updates nor deletes it.
        int seenByGlobex = tenants.inTenant(GLOBEX, dsl -> dsl.fetchCount(t.table(), t.id().eq(id)));
        int updatedByGlobex = tenants.inTenant(GLOBEX, dsl -> dsl.update(t.table()).set(updated, t.newValue())
                .where(t.id().eq(id)).execute());
        int deletedByGlobex = tenants.inTenant(GLOBEX, dsl -> dsl.deleteFrom(t.table()).where(t.id().eq(id)).execute());
        assertThat(List.of(seenByGlobex, updatedByGlobex, deletedByGlobex)).containsExactly(0, 0, 0);

        int updatedByAcme = tenants.inTenant(ACME, dsl -> dsl.update(t.table()).set(updated, t.newValue())
                .where(t.id().eq(id)).execute());
        Object newValue = tenants.inTenant(ACME, dsl -> dsl.select(updated).from(t.table()).where(t.id().eq(id)).fetchOne(updated));
        int deletedByAcme = tenants.inTenant(ACME, dsl -> dsl.deleteFrom(t.table()).where(t.id().eq(id)).execute());
        int left = tenants.inTenant(ACME, dsl -> dsl.fetchCount(t.table(), t.id().eq(id)));

        assertThat(updatedByAcme).isEqualTo(1);
        assertThat(newValue).isEqualTo(t.newValue());
        assertThat(deletedByAcme).isEqualTo(1);
        assertThat(left).isZero();
    }

    @Test
    void daosAndPojosWorkWithinATenantTransaction() {
        // docs example (docs/generated-code.md, "Generated code"; DocumentedExampleTest keeps them equal).
        List<Jobs> pending = tenants.inTenant(ACME, dsl -> {
            JobsDao jobs = new JobsDao(dsl.configuration());
            dsl.insertInto(JOBS).set(JOBS.TENANT_ID, ACME).set(JOBS.QUEUE, "reports").set(JOBS.TYPE, "render").execute();
            return jobs.fetchByQueue("reports");
        });
        // end of docs example
        assertThat(pending).singleElement().satisfies(job -> {
            assertThat(job.getStatus()).isEqualTo(JobStatus.PENDING);
            assertThat(job.getAttempts()).isZero();
            assertThat(job.getMaxAttempts()).isEqualTo(3);
            assertThat(job.getData()).isEqualTo(JSONB.valueOf("{}"));
        });

        Jobs job = pending.get(0);
        job.setStatus(JobStatus.COMPLETED);
        job.setCompletedAt(OffsetDateTime.now());
        tenants.inTenant(ACME, dsl -> {
            new JobsDao(dsl.configuration()).update(job);
            return null;
        });

        // The key is (tenant_id, id); even given Acme's whole key, Globex finds nothing.
        Jobs reread = tenants.inTenant(ACME, dsl -> new JobsDao(dsl.configuration())
                .findById(dsl.newRecord(JOBS.TENANT_ID, JOBS.ID).values(ACME, job.getId())));
        Jobs seenByGlobex = tenants.inTenant(GLOBEX, dsl -> new JobsDao(dsl.configuration())
                .findById(dsl.newRecord(JOBS.TENANT_ID, JOBS.ID).values(ACME, job.getId())));
        List<Jobs> allOfGlobex = tenants.inTenant(GLOBEX, dsl -> new JobsDao(dsl.configuration()).findAll());
        assertThat(reread.getStatus()).isEqualTo(JobStatus.COMPLETED);
        assertThat(seenByGlobex).isNull();
        assertThat(allOfGlobex).isEmpty();

        tenants.inTenant(ACME, dsl -> {
            new JobsDao(dsl.configuration()).deleteById(dsl.newRecord(JOBS.TENANT_ID, JOBS.ID).values(ACME, job.getId()));
            return null;
        });
        List<Jobs> left = tenants.inTenant(ACME, dsl -> new JobsDao(dsl.configuration()).findAll());
        assertThat(left).isEmpty();
    }
}
