package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every hot query of spec section 5, planned for a non-owner member of queue_app under row-level
 * security with a tenant set, on enough rows (100 tenants, 100k jobs) that the planner prefers an index
 * only when one fits: no Seq Scan on the queried table, and tenant_id is an index condition, not a filter.
 */
class IndexUsageIT extends DatabaseIT {

    private static final String TENANT = "00000000-0000-0000-0000-000000000042";

    private ConnectionSettings app;
    private ConnectionSettings maintenance;

    @BeforeAll
    void loadRows() throws SQLException {
        migrations().migrate();
        execute("""
                insert into tenants (id, name)
                select ('00000000-0000-0000-0000-' || lpad(t::text, 12, '0'))::uuid, 'tenant ' || t
                from generate_series(2, 101) t""");
        String tenant = "('00000000-0000-0000-0000-' || lpad((2 + i % 100)::text, 12, '0'))::uuid";
        execute("""
                insert into jobs (tenant_id, queue, type, status, scheduled_for, started_at, completed_at, created_at)
                select %s, 'queue-' || (i / 100) %% 10, 'type-' || i %% 5,
                       (array['pending','processing','completed','completed','completed','completed','failed'])[1 + i %% 7],
                       case when i %% 3 = 0 then now() + (i %% 50) * interval '1 minute' end,
                       now() - (i %% 90) * interval '1 minute', now() - (i %% 60) * interval '1 day',
                       now() - (i %% 60) * interval '1 day'
                from generate_series(1, 100000) i""".formatted(tenant));
        execute("""
                insert into critical_jobs (tenant_id, queue_name, job_type, priority, idempotency_key, status)
                select %s, 'queue-' || (i / 100) %% 10, 'type-' || i %% 5, i %% 10, 'key-' || i,
                       (array['pending','processing','completed','failed'])[1 + i %% 4]
                from generate_series(1, 30000) i""".formatted(tenant));
        execute("""
                insert into queues (tenant_id, name, type, active)
                select %s, 'queue-' || i, 'standard', i %% 4 <> 0 from generate_series(1, 20000) i""".formatted(tenant));
        execute("""
                insert into schedules (tenant_id, name, cron_expression, job_type, active, next_run)
                select %s, 'schedule-' || i, '* * * * *', 'report', i %% 5 <> 0, now() + (i %% 100 - 10) * interval '1 hour'
                from generate_series(1, 20000) i""".formatted(tenant));
        execute("""
                insert into rate_limits (tenant_id, key, "limit", window_seconds, reset_at)
                select %s, 'key-' || i, 100, 60, now() + (i %% 120 - 5) * interval '1 minute'
                from generate_series(1, 20000) i""".formatted(tenant));
        execute("""
                insert into queue_metrics (tenant_id, queue_name, captured_at)
                select %s, 'queue-' || i %% 10, now() - (i %% 1000) * interval '1 hour'
                from generate_series(1, 50000) i""".formatted(tenant));
        execute("""
                insert into idempotency_keys (tenant_id, key, queue_name, job_type, expires_at)
                select %s, 'key-' || i, 'queue-' || i %% 10, 'type', now() + (i %% 100 - 2) * interval '1 hour'
                from generate_series(1, 50000) i""".formatted(tenant));
        execute("""
                insert into rate_limiters (tenant_id, service_name, tokens_available, max_concurrent, refill_rate, bucket_size)
                select %s, 'service-' || i, 10, 5, 1, 10 from generate_series(1, 20000) i""".formatted(tenant));
        execute("""
                insert into alert_history (tenant_id, severity, alert_type, message, queue_name, acknowledged, created_at)
                select %s, (array['critical','warning','info'])[1 + i %% 3], 'queue_depth', 'depth', 'queue-' || i %% 10,
                       i %% 10 <> 0, now() - (i %% 500) * interval '1 hour'
                from generate_series(1, 30000) i""".formatted(tenant));
        execute("""
                insert into dead_letter_jobs (tenant_id, queue_name, job_type, created_at)
                select %s, 'queue-' || i %% 10, 'type-' || i %% 5, now() - (i %% 90) * interval '1 day'
                from generate_series(1, 30000) i""".formatted(tenant));
        execute("analyze");
        app = loginAs("queue_app");
        maintenance = loginAs("queue_maintenance");
    }

    @ParameterizedTest(name = "{1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "jobs|jobs_claim_idx|select id from jobs where queue = 'queue-3' and status = 'pending' and (scheduled_for is null or scheduled_for <= now()) order by scheduled_for, created_at limit 10 for update skip locked",
            "jobs|jobs_queue_status_idx|select status, count(*) from jobs where queue = 'queue-3' group by status",
            "jobs|jobs_stuck_idx|select id from jobs where status = 'processing' and started_at < now() - interval '1 hour'",
            "jobs|jobs_finished_idx|delete from jobs where status in ('completed', 'failed') and completed_at < now() - interval '30 days'",
            "critical_jobs|critical_jobs_claim_idx|select id from critical_jobs where queue_name = 'queue-3' and status = 'pending' order by priority desc, created_at limit 10 for update skip locked",
            "critical_jobs|critical_jobs_tenant_id_idempotency_key_key|select id from critical_jobs where idempotency_key = 'key-42'",
            "schedules|schedules_due_idx|select id from schedules where active and next_run <= now() order by next_run",
            "schedules|schedules_tenant_id_name_key|select id from schedules where name = 'schedule-7'",
            "rate_limits|rate_limits_tenant_id_key_key|select current_count from rate_limits where key = 'key-5'",
            "rate_limits|rate_limits_reset_at_idx|update rate_limits set current_count = 0 where reset_at < now()",
            "queue_metrics|queue_metrics_queue_captured_at_idx|select * from queue_metrics where queue_name = 'queue-3' order by captured_at desc limit 10",
            "queue_metrics|queue_metrics_captured_at_idx|delete from queue_metrics where captured_at < now() - interval '30 days'",
            "idempotency_keys|idempotency_keys_tenant_id_key_key|select result from idempotency_keys where key = 'key-9' and expires_at > now()",
            "rate_limiters|rate_limiters_tenant_id_service_name_key|select tokens_available from rate_limiters where service_name = 'service-3'",
            "alert_history|alert_history_unacknowledged_idx|select id from alert_history where not acknowledged order by created_at desc limit 20",
            "alert_history|alert_history_queue_created_at_idx|select id from alert_history where queue_name = 'queue-3' order by created_at desc limit 20",
            "alert_history|alert_history_severity_created_at_idx|select id from alert_history where severity = 'critical' order by created_at desc limit 20",
            "dead_letter_jobs|dead_letter_jobs_queue_job_type_idx|select id from dead_letter_jobs where queue_name = 'queue-3' and job_type = 'type-1' order by created_at desc limit 20",
            "dead_letter_jobs|dead_letter_jobs_created_at_idx|delete from dead_letter_jobs where created_at < now() - interval '30 days'",
            "queues|queues_tenant_id_name_key|select id from queues where name = 'queue-3'",
            "queues|queues_active_idx|select name from queues where active",
    })
    void tenantQueryUsesAnIndexWithTheTenantAsIndexCondition(String table, String index, String query) throws SQLException {
        List<String> plan = plan(app, TENANT, query);

        assertThat(plan).as("plan of %s", query).anyMatch(line -> line.matches(".*Scan(?: Backward)? (using|on) " + index + "\\b.*"));
        assertThat(plan).as("plan of %s", query).noneMatch(line -> line.matches("\\s*(->\\s*)?Seq Scan on " + table + "\\b.*"));
        assertThat(tenantIndexCondition(plan, table)).as("tenant_id as index condition on %s in%n%s", table, String.join("\n", plan)).isTrue();
        assertThat(plan).as("the tenant is compared once per query, in an InitPlan").anyMatch(line -> line.contains("InitPlan"));
    }

    @ParameterizedTest(name = "system-wide: {0}")
    @CsvSource(delimiter = '|', value = {
            "idempotency_keys|delete from idempotency_keys where expires_at < now()",
    })
    void systemWideSweepUsesItsOwnIndexAsTheMaintenanceRole(String table, String query) throws SQLException {
        List<String> plan = plan(maintenance, null, query);

        assertThat(plan).noneMatch(line -> line.contains("Seq Scan on " + table));
        assertThat(plan).anyMatch(line -> line.contains("idempotency_keys_expires_at_idx"));
    }

    /** The index scan node on the table (or the bitmap index scan under it) has tenant_id in its Index Cond. */
    private static boolean tenantIndexCondition(List<String> plan, String table) {
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

    static List<String> plan(ConnectionSettings who, String tenant, String query) throws SQLException {
        try (Connection c = who.open()) {
            c.setAutoCommit(false);
            if (tenant != null) {
                try (PreparedStatement set = c.prepareStatement("select set_config('app.current_tenant', ?, true)")) {
                    set.setString(1, tenant);
                    set.execute();
                }
            }
            List<String> lines = new ArrayList<>();
            try (PreparedStatement explain = c.prepareStatement("explain " + query); ResultSet rs = explain.executeQuery()) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
            c.rollback();
            return lines;
        }
    }
}
