package org.queueservice.schema.migrations.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.queueservice.schema.model.QueueSchema;
import org.queueservice.schema.model.TenantTable;

/**
 * The hot queries of the queue service (docs/design.md lists them with their indexes), as the queue service writes them (each
 * names its tenant, and row-level security adds the same condition), with the index each must use, and their plans ({@link QueryPlan}). Checked
 * by the audit (MIG9) and by IndexUsageIT on 100k jobs.
 */
public final class Workload {

    /**
     * @param systemWide run by the maintenance role over every tenant, so its index need not lead with tenant_id
     */
    public record HotQuery(String table, String index, String sql, boolean systemWide) {

        /**
         * The same scan as a plain SELECT: the rows a DELETE or UPDATE would touch, without its locking clause.
         * Even EXPLAIN without ANALYZE locks a DELETE's or UPDATE's table in ROW EXCLUSIVE mode and a FOR UPDATE
         * query's in ROW SHARE mode; the audit takes nothing stronger than ACCESS SHARE, and the planner picks
         * the same index for the same WHERE clause.
         */
        public String readOnlySql() {
            return sql.replaceFirst("^delete from (\\S+) where ", "select ctid from $1 where ")
                    .replaceFirst("^update (\\S+) set .*? where ", "select ctid from $1 where ")
                    .replace(" for update skip locked", "");
        }
    }

    /**
     * A query of the service, for the current tenant, which it names as the first condition ({@code tenant_id = ?},
     * bound to the current tenant when explained; on Citus, what routes it to one shard); {@code index} is one of
     * the model's for {@code table}.
     */
    private static HotQuery tenant(TenantTable table, String index, String sql) {
        return new HotQuery(table.tableName(), index, sql.replaceFirst(" where ", " where tenant_id = ? and "), false);
    }

    private static HotQuery systemWide(TenantTable table, String index, String sql) {
        return new HotQuery(table.tableName(), index, sql, true);
    }

    public static final List<HotQuery> HOT_QUERIES = List.of(
            tenant(QueueSchema.JOBS, "jobs_claim_idx", "select id from jobs where queue = 'queue-3' and status = 'pending' "
                    + "and scheduled_for <= now() order by scheduled_for, created_at limit 10 for update skip locked"),
            tenant(QueueSchema.JOBS, "jobs_queue_status_idx", "select status, count(*) from jobs where queue = 'queue-3' group by status"),
            tenant(QueueSchema.JOBS, "jobs_stuck_idx", "select id from jobs where status = 'processing' and started_at < now() - interval '1 hour'"),
            tenant(QueueSchema.JOBS, "jobs_finished_idx", "delete from jobs where status in ('completed', 'failed') and completed_at < now() - interval '30 days'"),
            tenant(QueueSchema.CRITICAL_JOBS, "critical_jobs_claim_idx", "select id from critical_jobs where queue_name = 'queue-3' "
                    + "and status = 'pending' order by priority desc, created_at limit 10 for update skip locked"),
            tenant(QueueSchema.CRITICAL_JOBS, "critical_jobs_tenant_id_idempotency_key_key",
                    "select id from critical_jobs where idempotency_key = 'key-42'"),
            tenant(QueueSchema.SCHEDULES, "schedules_due_idx", "select id from schedules where active and next_run <= now() order by next_run"),
            tenant(QueueSchema.SCHEDULES, "schedules_tenant_id_name_key", "select id from schedules where name = 'schedule-7'"),
            tenant(QueueSchema.RATE_LIMITS, "rate_limits_tenant_id_key_key", "select current_count from rate_limits where key = 'key-5'"),
            tenant(QueueSchema.RATE_LIMITS, "rate_limits_reset_at_idx", "update rate_limits set current_count = 0 where reset_at < now()"),
            tenant(QueueSchema.QUEUE_METRICS, "queue_metrics_queue_captured_at_idx",
                    "select * from queue_metrics where queue_name = 'queue-3' order by captured_at desc limit 10"),
            tenant(QueueSchema.QUEUE_METRICS, "queue_metrics_captured_at_idx",
                    "delete from queue_metrics where captured_at < now() - interval '30 days'"),
            tenant(QueueSchema.IDEMPOTENCY_KEYS, "idempotency_keys_tenant_id_key_key",
                    "select result from idempotency_keys where key = 'key-9' and expires_at > now()"),
            systemWide(QueueSchema.IDEMPOTENCY_KEYS, "idempotency_keys_expires_at_idx",
                    "delete from idempotency_keys where expires_at < now()"),
            tenant(QueueSchema.RATE_LIMITERS, "rate_limiters_tenant_id_service_name_key",
                    "select tokens_available from rate_limiters where service_name = 'service-3'"),
            tenant(QueueSchema.ALERT_HISTORY, "alert_history_unacknowledged_idx",
                    "select id from alert_history where not acknowledged order by created_at desc limit 20"),
            tenant(QueueSchema.ALERT_HISTORY, "alert_history_queue_created_at_idx",
                    "select id from alert_history where queue_name = 'queue-3' order by created_at desc limit 20"),
            tenant(QueueSchema.ALERT_HISTORY, "alert_history_severity_created_at_idx",
                    "select id from alert_history where severity = 'critical' order by created_at desc limit 20"),
            tenant(QueueSchema.DEAD_LETTER_JOBS, "dead_letter_jobs_queue_job_type_idx", "select id from dead_letter_jobs "
                    + "where queue_name = 'queue-3' and job_type = 'type-1' order by created_at desc limit 20"),
            tenant(QueueSchema.DEAD_LETTER_JOBS, "dead_letter_jobs_created_at_idx",
                    "delete from dead_letter_jobs where created_at < now() - interval '30 days'"),
            tenant(QueueSchema.QUEUES, "queues_tenant_id_name_key", "select id from queues where name = 'queue-3'"),
            tenant(QueueSchema.QUEUES, "queues_active_idx", "select name from queues where active"));

    private Workload() {
    }

    /**
     * The plan of {@code query} as {@code connection} stands: the caller picks the login or role, the
     * tenant setting and any planner settings, in a transaction it rolls back.
     */
    public static QueryPlan explain(Connection connection, HotQuery query) throws SQLException {
        return QueryPlan.explain(connection, query.sql(), query.table(), tenantParameters(connection, query));
    }

    /** The plan of {@code query}'s {@link HotQuery#readOnlySql() read-only form}: what the audit reads on a live database. */
    public static QueryPlan explainReadOnly(Connection connection, HotQuery query) throws SQLException {
        return QueryPlan.explain(connection, query.readOnlySql(), query.table(), tenantParameters(connection, query));
    }

    /** The current tenant of {@code connection} for the query's {@code tenant_id = ?}, as the service binds its own. */
    private static Object[] tenantParameters(Connection connection, HotQuery query) throws SQLException {
        if (query.systemWide()) {
            return new Object[0];
        }
        try (var statement = connection.createStatement();
             var tenant = statement.executeQuery("select nullif(current_setting('app.current_tenant', true), '')::uuid")) {
            tenant.next();
            return new Object[] {tenant.getObject(1)};
        }
    }
}
