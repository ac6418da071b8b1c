package org.queueservice.schema.migrations.audit;

import java.util.List;

/**
 * The hot queries of spec section 5, as the queue service writes them (the tenant comes from row-level
 * security, not from the query), with the index each must use. Checked by the audit (MIG9) and by
 * IndexUsageIT on 100k jobs.
 */
public final class Workload {

    /**
     * @param systemWide run by the maintenance role over every tenant, so its index need not lead with tenant_id
     */
    public record HotQuery(String table, String index, String sql, boolean systemWide) {
    }

    private static HotQuery tenant(String table, String index, String sql) {
        return new HotQuery(table, index, sql, false);
    }

    public static final List<HotQuery> HOT_QUERIES = List.of(
            tenant("jobs", "jobs_claim_idx", "select id from jobs where queue = 'queue-3' and status = 'pending' "
                    + "and (scheduled_for is null or scheduled_for <= now()) order by scheduled_for, created_at limit 10 for update skip locked"),
            tenant("jobs", "jobs_queue_status_idx", "select status, count(*) from jobs where queue = 'queue-3' group by status"),
            tenant("jobs", "jobs_stuck_idx", "select id from jobs where status = 'processing' and started_at < now() - interval '1 hour'"),
            tenant("jobs", "jobs_finished_idx", "delete from jobs where status in ('completed', 'failed') and completed_at < now() - interval '30 days'"),
            tenant("critical_jobs", "critical_jobs_claim_idx", "select id from critical_jobs where queue_name = 'queue-3' "
                    + "and status = 'pending' order by priority desc, created_at limit 10 for update skip locked"),
            tenant("critical_jobs", "critical_jobs_tenant_id_idempotency_key_key",
                    "select id from critical_jobs where idempotency_key = 'key-42'"),
            tenant("schedules", "schedules_due_idx", "select id from schedules where active and next_run <= now() order by next_run"),
            tenant("schedules", "schedules_tenant_id_name_key", "select id from schedules where name = 'schedule-7'"),
            tenant("rate_limits", "rate_limits_tenant_id_key_key", "select current_count from rate_limits where key = 'key-5'"),
            tenant("rate_limits", "rate_limits_reset_at_idx", "update rate_limits set current_count = 0 where reset_at < now()"),
            tenant("queue_metrics", "queue_metrics_queue_captured_at_idx",
                    "select * from queue_metrics where queue_name = 'queue-3' order by captured_at desc limit 10"),
            tenant("queue_metrics", "queue_metrics_captured_at_idx",
                    "delete from queue_metrics where captured_at < now() - interval '30 days'"),
            tenant("idempotency_keys", "idempotency_keys_tenant_id_key_key",
                    "select result from idempotency_keys where key = 'key-9' and expires_at > now()"),
            new HotQuery("idempotency_keys", "idempotency_keys_expires_at_idx",
                    "delete from idempotency_keys where expires_at < now()", true),
            tenant("rate_limiters", "rate_limiters_tenant_id_service_name_key",
                    "select tokens_available from rate_limiters where service_name = 'service-3'"),
            tenant("alert_history", "alert_history_unacknowledged_idx",
                    "select id from alert_history where not acknowledged order by created_at desc limit 20"),
            tenant("alert_history", "alert_history_queue_created_at_idx",
                    "select id from alert_history where queue_name = 'queue-3' order by created_at desc limit 20"),
            tenant("alert_history", "alert_history_severity_created_at_idx",
                    "select id from alert_history where severity = 'critical' order by created_at desc limit 20"),
            tenant("dead_letter_jobs", "dead_letter_jobs_queue_job_type_idx", "select id from dead_letter_jobs "
                    + "where queue_name = 'queue-3' and job_type = 'type-1' order by created_at desc limit 20"),
            tenant("dead_letter_jobs", "dead_letter_jobs_created_at_idx",
                    "delete from dead_letter_jobs where created_at < now() - interval '30 days'"),
            tenant("queues", "queues_tenant_id_name_key", "select id from queues where name = 'queue-3'"),
            tenant("queues", "queues_active_idx", "select name from queues where active"));

    private Workload() {
    }

    /** Whether an EXPLAIN plan scans {@code index}. */
    public static boolean usesIndex(List<String> plan, String index) {
        return plan.stream().anyMatch(line -> line.matches(".*Scan(?: Backward)? (using|on) " + index + "\\b.*"));
    }

    /** Whether a plan has a Seq Scan on {@code table}. */
    public static boolean seqScans(List<String> plan, String table) {
        return plan.stream().anyMatch(line -> line.matches("\\s*(->\\s*)?Seq Scan on " + table + "\\b.*"));
    }

    /** Whether the index scan on {@code table} (or the bitmap index scan under it) has tenant_id in its Index Cond. */
    public static boolean tenantIsIndexCondition(List<String> plan, String table) {
        for (int i = 0; i < plan.size(); i++) {
            String line = plan.get(i);
            boolean scansTable = line.matches(".*(Index Scan|Index Only Scan)( Backward)? using \\w+ on " + table + "\\b.*")
                    || line.matches(".*Bitmap Index Scan on " + table + "_\\w+.*");
            if (scansTable) {
                for (int j = i + 1; j < plan.size() && !plan.get(j).contains("->"); j++) {
                    if (plan.get(j).contains("Index Cond:") && plan.get(j).contains("tenant_id = $")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
