package org.queueservice.schema.migrations;

import static org.jooq.impl.DSL.*;
import static org.jooq.impl.SQLDataType.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import org.jooq.Name;
import org.queueservice.schema.model.DataAtRisk;
import org.queueservice.schema.model.RateLimiterSeed;
import org.queueservice.schema.model.SchemaStep;
import org.queueservice.schema.model.Tenants;
import org.queueservice.schema.model.UpdatedAtTrigger;

/**
 * The ten tables with their keys, checks, indexes, comments and updated_at triggers (and tenants if
 * absent). Released in 1.0.0 and frozen: written once from that release's model with literal names and
 * types, so that no later change of the model can alter it; its checksum is recorded in every database.
 */
@AcceptsHazard(code = "QS402", reason = "released before Citus: migrate places the tables only after the last version, and V4 "
        + "moves every primary key to (tenant_id, id) before that")
public final class V1__Create_queue_tables extends SchemaMigration {

    /** The tables of this version in creation order; V2 and V3 work on exactly these. */
    static final List<Name> TABLES = Stream.of("queues", "jobs", "schedules", "rate_limits", "critical_jobs",
            "queue_metrics", "idempotency_keys", "rate_limiters", "alert_history", "dead_letter_jobs").map(org.jooq.impl.DSL::name).toList();

    @Override
    public List<SchemaStep> up(MigrationSettings settings) {
        return List.of(
                Tenants.createIfAbsent(),
                SchemaStep.of("create function set_updated_at", UpdatedAtTrigger.createFunction()),
                // queues
                SchemaStep.of("create table queues", createTableIfNotExists(name("queues"))
                        .columns(
                                field(name("id"), UUID.notNull().defaultValue(uuid())),
                                field(name("tenant_id"), UUID.notNull()),
                                field(name("name"), VARCHAR(255).notNull()),
                                field(name("type"), VARCHAR(100).notNull()),
                                field(name("config"), JSONB.notNull().defaultValue(inline(org.jooq.JSONB.valueOf("{}")))),
                                field(name("active"), BOOLEAN.notNull().defaultValue(inline(true))),
                                field(name("pending_count"), INTEGER.notNull().defaultValue(inline(0))),
                                field(name("processing_count"), INTEGER.notNull().defaultValue(inline(0))),
                                field(name("completed_count"), INTEGER.notNull().defaultValue(inline(0))),
                                field(name("failed_count"), INTEGER.notNull().defaultValue(inline(0))),
                                field(name("created_at"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(currentOffsetDateTime())),
                                field(name("updated_at"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(currentOffsetDateTime())))
                        .constraints(
                                constraint(name("queues_pkey")).primaryKey(name("id")),
                                constraint(name("queues_tenant_id_fkey")).foreignKey(name("tenant_id")).references(name("tenants"), name("id")).onDeleteRestrict(),
                                constraint(name("queues_tenant_id_name_key")).unique(name("tenant_id"), name("name")),
                                constraint(name("queues_pending_count_check")).check(field(name("pending_count"), INTEGER).ge(inline(0))),
                                constraint(name("queues_processing_count_check")).check(field(name("processing_count"), INTEGER).ge(inline(0))),
                                constraint(name("queues_completed_count_check")).check(field(name("completed_count"), INTEGER).ge(inline(0))),
                                constraint(name("queues_failed_count_check")).check(field(name("failed_count"), INTEGER).ge(inline(0))))),
                SchemaStep.of("create index queues_active_idx",
                        createIndexIfNotExists(name("queues_active_idx")).on(table(name("queues")), field(name("tenant_id")), field(name("name"))).where(condition(field(name("active"), BOOLEAN)))),
                SchemaStep.of("comment on table queues and its columns",
                        commentOnTable(name("queues")).is("Queue definitions of a tenant, with job counters kept by the queue service."),
                        commentOnColumn(name("queues", "tenant_id")).is("Owning tenant; rows are visible only to that tenant (row-level security)."),
                        commentOnColumn(name("queues", "updated_at")).is("Maintained by the set_updated_at trigger on every UPDATE.")),
                SchemaStep.of("create trigger queues_set_updated_at", UpdatedAtTrigger.createTrigger(name("queues"))),
                // jobs
                SchemaStep.of("create table jobs", createTableIfNotExists(name("jobs"))
                        .columns(
                                field(name("id"), UUID.notNull().defaultValue(uuid())),
                                field(name("tenant_id"), UUID.notNull()),
                                field(name("queue"), VARCHAR(255).notNull()),
                                field(name("type"), VARCHAR(255).notNull()),
                                field(name("data"), JSONB.notNull().defaultValue(inline(org.jooq.JSONB.valueOf("{}")))),
                                field(name("status"), VARCHAR(50).notNull().defaultValue(inline("pending"))),
                                field(name("attempts"), INTEGER.notNull().defaultValue(inline(0))),
                                field(name("max_attempts"), INTEGER.notNull().defaultValue(inline(3))),
                                field(name("error"), CLOB(0)),
                                field(name("scheduled_for"), TIMESTAMPWITHTIMEZONE),
                                field(name("started_at"), TIMESTAMPWITHTIMEZONE),
                                field(name("completed_at"), TIMESTAMPWITHTIMEZONE),
                                field(name("created_at"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(currentOffsetDateTime())),
                                field(name("updated_at"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(currentOffsetDateTime())))
                        .constraints(
                                constraint(name("jobs_pkey")).primaryKey(name("id")),
                                constraint(name("jobs_tenant_id_fkey")).foreignKey(name("tenant_id")).references(name("tenants"), name("id")).onDeleteRestrict(),
                                constraint(name("jobs_status_check")).check(field(name("status"), VARCHAR(50)).in(inline("pending"), inline("processing"), inline("completed"), inline("failed"))),
                                constraint(name("jobs_attempts_check")).check(field(name("attempts"), INTEGER).ge(inline(0))),
                                constraint(name("jobs_max_attempts_check")).check(field(name("max_attempts"), INTEGER).gt(inline(0))))),
                SchemaStep.of("create index jobs_claim_idx",
                        createIndexIfNotExists(name("jobs_claim_idx")).on(table(name("jobs")), field(name("tenant_id")), field(name("queue")), field(name("scheduled_for")), field(name("created_at"))).where(field(name("status"), VARCHAR(50)).eq(inline("pending")))),
                SchemaStep.of("create index jobs_queue_status_idx",
                        createIndexIfNotExists(name("jobs_queue_status_idx")).on(table(name("jobs")), field(name("tenant_id")), field(name("queue")), field(name("status")))),
                SchemaStep.of("create index jobs_stuck_idx",
                        createIndexIfNotExists(name("jobs_stuck_idx")).on(table(name("jobs")), field(name("tenant_id")), field(name("started_at"))).where(field(name("status"), VARCHAR(50)).eq(inline("processing")))),
                SchemaStep.of("create index jobs_finished_idx",
                        createIndexIfNotExists(name("jobs_finished_idx")).on(table(name("jobs")), field(name("tenant_id")), field(name("completed_at"))).where(field(name("status"), VARCHAR(50)).in(inline("completed"), inline("failed")))),
                SchemaStep.of("comment on table jobs and its columns",
                        commentOnTable(name("jobs")).is("Jobs of a tenant's queues, from pending through processing to completed or failed."),
                        commentOnColumn(name("jobs", "tenant_id")).is("Owning tenant; rows are visible only to that tenant (row-level security)."),
                        commentOnColumn(name("jobs", "updated_at")).is("Maintained by the set_updated_at trigger on every UPDATE."),
                        commentOnColumn(name("jobs", "scheduled_for")).is("When the job becomes due; NULL means immediately.")),
                SchemaStep.of("create trigger jobs_set_updated_at", UpdatedAtTrigger.createTrigger(name("jobs"))),
                // schedules
                SchemaStep.of("create table schedules", createTableIfNotExists(name("schedules"))
                        .columns(
                                field(name("id"), UUID.notNull().defaultValue(uuid())),
                                field(name("tenant_id"), UUID.notNull()),
                                field(name("name"), VARCHAR(255).notNull()),
                                field(name("cron_expression"), VARCHAR(100).notNull()),
                                field(name("job_type"), VARCHAR(255).notNull()),
                                field(name("job_data"), JSONB.notNull().defaultValue(inline(org.jooq.JSONB.valueOf("{}")))),
                                field(name("active"), BOOLEAN.notNull().defaultValue(inline(true))),
                                field(name("last_run"), TIMESTAMPWITHTIMEZONE),
                                field(name("next_run"), TIMESTAMPWITHTIMEZONE),
                                field(name("created_at"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(currentOffsetDateTime())),
                                field(name("updated_at"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(currentOffsetDateTime())))
                        .constraints(
                                constraint(name("schedules_pkey")).primaryKey(name("id")),
                                constraint(name("schedules_tenant_id_fkey")).foreignKey(name("tenant_id")).references(name("tenants"), name("id")).onDeleteRestrict(),
                                constraint(name("schedules_tenant_id_name_key")).unique(name("tenant_id"), name("name")))),
                SchemaStep.of("create index schedules_due_idx",
                        createIndexIfNotExists(name("schedules_due_idx")).on(table(name("schedules")), field(name("tenant_id")), field(name("next_run"))).where(condition(field(name("active"), BOOLEAN)))),
                SchemaStep.of("comment on table schedules and its columns",
                        commentOnTable(name("schedules")).is("Cron schedules of a tenant that enqueue jobs when due."),
                        commentOnColumn(name("schedules", "tenant_id")).is("Owning tenant; rows are visible only to that tenant (row-level security)."),
                        commentOnColumn(name("schedules", "updated_at")).is("Maintained by the set_updated_at trigger on every UPDATE.")),
                SchemaStep.of("create trigger schedules_set_updated_at", UpdatedAtTrigger.createTrigger(name("schedules"))),
                // rate_limits
                SchemaStep.of("create table rate_limits", createTableIfNotExists(name("rate_limits"))
                        .columns(
                                field(name("id"), UUID.notNull().defaultValue(uuid())),
                                field(name("tenant_id"), UUID.notNull()),
                                field(name("key"), VARCHAR(255).notNull()),
                                field(name("limit"), INTEGER.notNull()),
                                field(name("window_seconds"), INTEGER.notNull()),
                                field(name("current_count"), INTEGER.notNull().defaultValue(inline(0))),
                                field(name("reset_at"), TIMESTAMPWITHTIMEZONE.notNull()),
                                field(name("created_at"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(currentOffsetDateTime())),
                                field(name("updated_at"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(currentOffsetDateTime())))
                        .constraints(
                                constraint(name("rate_limits_pkey")).primaryKey(name("id")),
                                constraint(name("rate_limits_tenant_id_fkey")).foreignKey(name("tenant_id")).references(name("tenants"), name("id")).onDeleteRestrict(),
                                constraint(name("rate_limits_tenant_id_key_key")).unique(name("tenant_id"), name("key")),
                                constraint(name("rate_limits_limit_check")).check(field(name("limit"), INTEGER).gt(inline(0))),
                                constraint(name("rate_limits_window_seconds_check")).check(field(name("window_seconds"), INTEGER).gt(inline(0))),
                                constraint(name("rate_limits_current_count_check")).check(field(name("current_count"), INTEGER).ge(inline(0))))),
                SchemaStep.of("create index rate_limits_reset_at_idx",
                        createIndexIfNotExists(name("rate_limits_reset_at_idx")).on(table(name("rate_limits")), field(name("tenant_id")), field(name("reset_at")))),
                SchemaStep.of("comment on table rate_limits and its columns",
                        commentOnTable(name("rate_limits")).is("Fixed-window rate limits of a tenant, keyed by an arbitrary string."),
                        commentOnColumn(name("rate_limits", "tenant_id")).is("Owning tenant; rows are visible only to that tenant (row-level security)."),
                        commentOnColumn(name("rate_limits", "updated_at")).is("Maintained by the set_updated_at trigger on every UPDATE."),
                        commentOnColumn(name("rate_limits", "limit")).is("Requests allowed per window.")),
                SchemaStep.of("create trigger rate_limits_set_updated_at", UpdatedAtTrigger.createTrigger(name("rate_limits"))),
                // critical_jobs
                SchemaStep.of("create table critical_jobs", createTableIfNotExists(name("critical_jobs"))
                        .columns(
                                field(name("id"), UUID.notNull().defaultValue(uuid())),
                                field(name("tenant_id"), UUID.notNull()),
                                field(name("queue_name"), VARCHAR(255).notNull()),
                                field(name("job_type"), VARCHAR(255).notNull()),
                                field(name("data"), JSONB.notNull().defaultValue(inline(org.jooq.JSONB.valueOf("{}")))),
                                field(name("priority"), INTEGER.notNull().defaultValue(inline(0))),
                                field(name("idempotency_key"), VARCHAR(255)),
                                field(name("status"), VARCHAR(50).notNull().defaultValue(inline("pending"))),
                                field(name("attempts"), INTEGER.notNull().defaultValue(inline(0))),
                                field(name("max_attempts"), INTEGER.notNull().defaultValue(inline(5))),
                                field(name("error"), CLOB(0)),
                                field(name("started_at"), TIMESTAMPWITHTIMEZONE),
                                field(name("completed_at"), TIMESTAMPWITHTIMEZONE),
                                field(name("created_at"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(currentOffsetDateTime())),
                                field(name("updated_at"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(currentOffsetDateTime())))
                        .constraints(
                                constraint(name("critical_jobs_pkey")).primaryKey(name("id")),
                                constraint(name("critical_jobs_tenant_id_fkey")).foreignKey(name("tenant_id")).references(name("tenants"), name("id")).onDeleteRestrict(),
                                constraint(name("critical_jobs_tenant_id_idempotency_key_key")).unique(name("tenant_id"), name("idempotency_key")),
                                constraint(name("critical_jobs_status_check")).check(field(name("status"), VARCHAR(50)).in(inline("pending"), inline("processing"), inline("completed"), inline("failed"))),
                                constraint(name("critical_jobs_attempts_check")).check(field(name("attempts"), INTEGER).ge(inline(0))),
                                constraint(name("critical_jobs_max_attempts_check")).check(field(name("max_attempts"), INTEGER).gt(inline(0))))),
                SchemaStep.of("create index critical_jobs_claim_idx",
                        createIndexIfNotExists(name("critical_jobs_claim_idx")).on(table(name("critical_jobs")), field(name("tenant_id")), field(name("queue_name")), field(name("priority")).desc(), field(name("created_at"))).where(field(name("status"), VARCHAR(50)).eq(inline("pending")))),
                SchemaStep.of("comment on table critical_jobs and its columns",
                        commentOnTable(name("critical_jobs")).is("Jobs that must survive a queue outage, claimed by priority."),
                        commentOnColumn(name("critical_jobs", "tenant_id")).is("Owning tenant; rows are visible only to that tenant (row-level security)."),
                        commentOnColumn(name("critical_jobs", "updated_at")).is("Maintained by the set_updated_at trigger on every UPDATE."),
                        commentOnColumn(name("critical_jobs", "priority")).is("Higher runs first.")),
                SchemaStep.of("create trigger critical_jobs_set_updated_at", UpdatedAtTrigger.createTrigger(name("critical_jobs"))),
                // queue_metrics
                SchemaStep.of("create table queue_metrics", createTableIfNotExists(name("queue_metrics"))
                        .columns(
                                field(name("id"), UUID.notNull().defaultValue(uuid())),
                                field(name("tenant_id"), UUID.notNull()),
                                field(name("queue_name"), VARCHAR(255).notNull()),
                                field(name("waiting_count"), INTEGER.notNull().defaultValue(inline(0))),
                                field(name("active_count"), INTEGER.notNull().defaultValue(inline(0))),
                                field(name("completed_count"), INTEGER.notNull().defaultValue(inline(0))),
                                field(name("failed_count"), INTEGER.notNull().defaultValue(inline(0))),
                                field(name("captured_at"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(currentOffsetDateTime())),
                                field(name("created_at"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(currentOffsetDateTime())),
                                field(name("updated_at"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(currentOffsetDateTime())))
                        .constraints(
                                constraint(name("queue_metrics_pkey")).primaryKey(name("id")),
                                constraint(name("queue_metrics_tenant_id_fkey")).foreignKey(name("tenant_id")).references(name("tenants"), name("id")).onDeleteRestrict(),
                                constraint(name("queue_metrics_waiting_count_check")).check(field(name("waiting_count"), INTEGER).ge(inline(0))),
                                constraint(name("queue_metrics_active_count_check")).check(field(name("active_count"), INTEGER).ge(inline(0))),
                                constraint(name("queue_metrics_completed_count_check")).check(field(name("completed_count"), INTEGER).ge(inline(0))),
                                constraint(name("queue_metrics_failed_count_check")).check(field(name("failed_count"), INTEGER).ge(inline(0))))),
                SchemaStep.of("create index queue_metrics_queue_captured_at_idx",
                        createIndexIfNotExists(name("queue_metrics_queue_captured_at_idx")).on(table(name("queue_metrics")), field(name("tenant_id")), field(name("queue_name")), field(name("captured_at")).desc())),
                SchemaStep.of("create index queue_metrics_captured_at_idx",
                        createIndexIfNotExists(name("queue_metrics_captured_at_idx")).on(table(name("queue_metrics")), field(name("tenant_id")), field(name("captured_at")))),
                SchemaStep.of("comment on table queue_metrics and its columns",
                        commentOnTable(name("queue_metrics")).is("Periodic snapshots of a queue's job counts."),
                        commentOnColumn(name("queue_metrics", "tenant_id")).is("Owning tenant; rows are visible only to that tenant (row-level security)."),
                        commentOnColumn(name("queue_metrics", "updated_at")).is("Maintained by the set_updated_at trigger on every UPDATE.")),
                SchemaStep.of("create trigger queue_metrics_set_updated_at", UpdatedAtTrigger.createTrigger(name("queue_metrics"))),
                // idempotency_keys
                SchemaStep.of("create table idempotency_keys", createTableIfNotExists(name("idempotency_keys"))
                        .columns(
                                field(name("id"), UUID.notNull().defaultValue(uuid())),
                                field(name("tenant_id"), UUID.notNull()),
                                field(name("key"), VARCHAR(255).notNull()),
                                field(name("queue_name"), VARCHAR(255).notNull()),
                                field(name("job_type"), VARCHAR(255).notNull()),
                                field(name("result"), JSONB.notNull().defaultValue(inline(org.jooq.JSONB.valueOf("{}")))),
                                field(name("processed_at"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(currentOffsetDateTime())),
                                field(name("expires_at"), TIMESTAMPWITHTIMEZONE.notNull()),
                                field(name("created_at"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(currentOffsetDateTime())),
                                field(name("updated_at"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(currentOffsetDateTime())))
                        .constraints(
                                constraint(name("idempotency_keys_pkey")).primaryKey(name("id")),
                                constraint(name("idempotency_keys_tenant_id_fkey")).foreignKey(name("tenant_id")).references(name("tenants"), name("id")).onDeleteRestrict(),
                                constraint(name("idempotency_keys_tenant_id_key_key")).unique(name("tenant_id"), name("key")))),
                SchemaStep.of("create index idempotency_keys_expires_at_idx",
                        createIndexIfNotExists(name("idempotency_keys_expires_at_idx")).on(table(name("idempotency_keys")), field(name("expires_at")))),
                SchemaStep.of("comment on table idempotency_keys and its columns",
                        commentOnTable(name("idempotency_keys")).is("Results of processed requests, kept until expires_at so retries are answered, not re-run."),
                        commentOnColumn(name("idempotency_keys", "tenant_id")).is("Owning tenant; rows are visible only to that tenant (row-level security)."),
                        commentOnColumn(name("idempotency_keys", "updated_at")).is("Maintained by the set_updated_at trigger on every UPDATE.")),
                SchemaStep.of("create trigger idempotency_keys_set_updated_at", UpdatedAtTrigger.createTrigger(name("idempotency_keys"))),
                // rate_limiters
                SchemaStep.of("create table rate_limiters", createTableIfNotExists(name("rate_limiters"))
                        .columns(
                                field(name("id"), UUID.notNull().defaultValue(uuid())),
                                field(name("tenant_id"), UUID.notNull()),
                                field(name("service_name"), VARCHAR(255).notNull()),
                                field(name("tokens_available"), NUMERIC(10, 2).notNull()),
                                field(name("concurrent_requests"), INTEGER.notNull().defaultValue(inline(0))),
                                field(name("max_concurrent"), INTEGER.notNull()),
                                field(name("refill_rate"), NUMERIC(10, 2).notNull()),
                                field(name("bucket_size"), INTEGER.notNull()),
                                field(name("last_refill"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(currentOffsetDateTime())),
                                field(name("created_at"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(currentOffsetDateTime())),
                                field(name("updated_at"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(currentOffsetDateTime())))
                        .constraints(
                                constraint(name("rate_limiters_pkey")).primaryKey(name("id")),
                                constraint(name("rate_limiters_tenant_id_fkey")).foreignKey(name("tenant_id")).references(name("tenants"), name("id")).onDeleteRestrict(),
                                constraint(name("rate_limiters_tenant_id_service_name_key")).unique(name("tenant_id"), name("service_name")),
                                constraint(name("rate_limiters_tokens_available_check")).check(field(name("tokens_available"), NUMERIC(10, 2)).between(inline(new java.math.BigDecimal("0")), field(name("bucket_size"), INTEGER).cast(NUMERIC(10, 2)))),
                                constraint(name("rate_limiters_refill_rate_check")).check(field(name("refill_rate"), NUMERIC(10, 2)).gt(inline(new java.math.BigDecimal("0")))),
                                constraint(name("rate_limiters_bucket_size_check")).check(field(name("bucket_size"), INTEGER).gt(inline(0))),
                                constraint(name("rate_limiters_max_concurrent_check")).check(field(name("max_concurrent"), INTEGER).gt(inline(0))),
                                constraint(name("rate_limiters_concurrent_requests_check")).check(field(name("concurrent_requests"), INTEGER).ge(inline(0))))),
                SchemaStep.of("comment on table rate_limiters and its columns",
                        commentOnTable(name("rate_limiters")).is("Token-bucket state per external service that jobs call."),
                        commentOnColumn(name("rate_limiters", "tenant_id")).is("Owning tenant; rows are visible only to that tenant (row-level security)."),
                        commentOnColumn(name("rate_limiters", "updated_at")).is("Maintained by the set_updated_at trigger on every UPDATE."),
                        commentOnColumn(name("rate_limiters", "refill_rate")).is("Tokens added per second.")),
                SchemaStep.of("create trigger rate_limiters_set_updated_at", UpdatedAtTrigger.createTrigger(name("rate_limiters"))),
                // alert_history
                SchemaStep.of("create table alert_history", createTableIfNotExists(name("alert_history"))
                        .columns(
                                field(name("id"), UUID.notNull().defaultValue(uuid())),
                                field(name("tenant_id"), UUID.notNull()),
                                field(name("severity"), VARCHAR(50).notNull()),
                                field(name("alert_type"), VARCHAR(100).notNull()),
                                field(name("message"), CLOB(0).notNull()),
                                field(name("queue_name"), VARCHAR(255)),
                                field(name("metric_value"), NUMERIC(10, 2)),
                                field(name("threshold_value"), NUMERIC(10, 2)),
                                field(name("acknowledged"), BOOLEAN.notNull().defaultValue(inline(false))),
                                field(name("acknowledged_by"), UUID),
                                field(name("acknowledged_at"), TIMESTAMPWITHTIMEZONE),
                                field(name("created_at"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(currentOffsetDateTime())),
                                field(name("updated_at"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(currentOffsetDateTime())))
                        .constraints(
                                constraint(name("alert_history_pkey")).primaryKey(name("id")),
                                constraint(name("alert_history_tenant_id_fkey")).foreignKey(name("tenant_id")).references(name("tenants"), name("id")).onDeleteRestrict(),
                                constraint(name("alert_history_severity_check")).check(field(name("severity"), VARCHAR(50)).in(inline("critical"), inline("warning"), inline("info"))))),
                SchemaStep.of("create index alert_history_unacknowledged_idx",
                        createIndexIfNotExists(name("alert_history_unacknowledged_idx")).on(table(name("alert_history")), field(name("tenant_id")), field(name("created_at")).desc()).where(not(condition(field(name("acknowledged"), BOOLEAN))))),
                SchemaStep.of("create index alert_history_queue_created_at_idx",
                        createIndexIfNotExists(name("alert_history_queue_created_at_idx")).on(table(name("alert_history")), field(name("tenant_id")), field(name("queue_name")), field(name("created_at")).desc())),
                SchemaStep.of("create index alert_history_severity_created_at_idx",
                        createIndexIfNotExists(name("alert_history_severity_created_at_idx")).on(table(name("alert_history")), field(name("tenant_id")), field(name("severity")), field(name("created_at")).desc())),
                SchemaStep.of("comment on table alert_history and its columns",
                        commentOnTable(name("alert_history")).is("Alerts raised by queue monitoring, and who acknowledged them."),
                        commentOnColumn(name("alert_history", "tenant_id")).is("Owning tenant; rows are visible only to that tenant (row-level security)."),
                        commentOnColumn(name("alert_history", "updated_at")).is("Maintained by the set_updated_at trigger on every UPDATE."),
                        commentOnColumn(name("alert_history", "alert_type")).is("queue_depth, job_age, high_failures, ..."),
                        commentOnColumn(name("alert_history", "acknowledged_by")).is("User id in the identity service; no foreign key because that table lives in another service's database.")),
                SchemaStep.of("create trigger alert_history_set_updated_at", UpdatedAtTrigger.createTrigger(name("alert_history"))),
                // dead_letter_jobs
                SchemaStep.of("create table dead_letter_jobs", createTableIfNotExists(name("dead_letter_jobs"))
                        .columns(
                                field(name("id"), UUID.notNull().defaultValue(uuid())),
                                field(name("tenant_id"), UUID.notNull()),
                                field(name("queue_name"), VARCHAR(255).notNull()),
                                field(name("job_type"), VARCHAR(255).notNull()),
                                field(name("job_data"), JSONB.notNull().defaultValue(inline(org.jooq.JSONB.valueOf("{}")))),
                                field(name("error"), CLOB(0)),
                                field(name("attempts"), INTEGER.notNull().defaultValue(inline(0))),
                                field(name("original_job_id"), UUID),
                                field(name("failed_at"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(currentOffsetDateTime())),
                                field(name("created_at"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(currentOffsetDateTime())),
                                field(name("updated_at"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(currentOffsetDateTime())))
                        .constraints(
                                constraint(name("dead_letter_jobs_pkey")).primaryKey(name("id")),
                                constraint(name("dead_letter_jobs_tenant_id_fkey")).foreignKey(name("tenant_id")).references(name("tenants"), name("id")).onDeleteRestrict(),
                                constraint(name("dead_letter_jobs_attempts_check")).check(field(name("attempts"), INTEGER).ge(inline(0))))),
                SchemaStep.of("create index dead_letter_jobs_queue_job_type_idx",
                        createIndexIfNotExists(name("dead_letter_jobs_queue_job_type_idx")).on(table(name("dead_letter_jobs")), field(name("tenant_id")), field(name("queue_name")), field(name("job_type")), field(name("created_at")).desc())),
                SchemaStep.of("create index dead_letter_jobs_created_at_idx",
                        createIndexIfNotExists(name("dead_letter_jobs_created_at_idx")).on(table(name("dead_letter_jobs")), field(name("tenant_id")), field(name("created_at")))),
                SchemaStep.of("comment on table dead_letter_jobs and its columns",
                        commentOnTable(name("dead_letter_jobs")).is("Jobs that exhausted their attempts, kept for inspection and replay."),
                        commentOnColumn(name("dead_letter_jobs", "tenant_id")).is("Owning tenant; rows are visible only to that tenant (row-level security)."),
                        commentOnColumn(name("dead_letter_jobs", "updated_at")).is("Maintained by the set_updated_at trigger on every UPDATE."),
                        commentOnColumn(name("dead_letter_jobs", "original_job_id")).is("Id of the job in jobs or critical_jobs; no foreign key because that row is usually purged.")),
                SchemaStep.of("create trigger dead_letter_jobs_set_updated_at", UpdatedAtTrigger.createTrigger(name("dead_letter_jobs"))));
    }

    @Override
    public List<SchemaStep> down(MigrationSettings settings) {
        List<Name> reversed = new ArrayList<>(TABLES);
        Collections.reverse(reversed);
        List<SchemaStep> steps = new ArrayList<>();
        for (Name table : reversed) {
            // RESTRICT: anything of someone else's that depends on our table stops the rollback instead of vanishing.
            // The seed rows of rate_limiters are V3's to remove; any other row, a tuned seed row too, is data the
            // rollback would lose.
            DataAtRisk rows = table.equals(RateLimiterSeed.TABLE)
                    ? DataAtRisk.rowsOf(table, RateLimiterSeed.isUnchangedSeedRow(settings.systemTenant(), V3__Seed_rate_limiters.PROVIDERS))
                    : DataAtRisk.rowsOf(table);
            steps.add(SchemaStep.of("drop table " + table.last(), dropTableIfExists(table).restrict()).losing(rows));
        }
        steps.add(SchemaStep.of("drop function set_updated_at", UpdatedAtTrigger.dropFunction()));
        steps.add(Tenants.dropIfCreatedByUs()
                .losing(DataAtRisk.rowsOf(Tenants.NAME, RateLimiterSeed.isUnchangedSystemTenant(settings.systemTenant()))));
        return steps;
    }
}
