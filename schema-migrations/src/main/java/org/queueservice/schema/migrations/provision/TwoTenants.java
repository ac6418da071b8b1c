package org.queueservice.schema.migrations.provision;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one two-tenant fixture: Acme and Globex, and a valid INSERT for every tenant table, for tests (of
 * either module) that need rows of two tenants everywhere.
 */
public final class TwoTenants {

    public static final UUID ACME = UUID.fromString("aaaaaaaa-0000-0000-0000-000000000001");
    public static final UUID GLOBEX = UUID.fromString("bbbbbbbb-0000-0000-0000-000000000002");

    /** table -> column list and values, with %1$s the tenant id and %2$s a distinguishing number. */
    private static final Map<String, String> INSERTS = new LinkedHashMap<>();

    static {
        INSERTS.put("queues", "(tenant_id, name, type) values ('%1$s', 'queue-%2$s', 'standard')");
        INSERTS.put("jobs", "(tenant_id, queue, type) values ('%1$s', 'queue-%2$s', 'send')");
        INSERTS.put("schedules", "(tenant_id, name, cron_expression, job_type) values ('%1$s', 'nightly-%2$s', '0 0 * * *', 'report')");
        INSERTS.put("rate_limits", "(tenant_id, key, \"limit\", window_seconds, reset_at) values ('%1$s', 'key-%2$s', 100, 60, now())");
        INSERTS.put("critical_jobs", "(tenant_id, queue_name, job_type, idempotency_key) values ('%1$s', 'payments', 'charge', 'charge-%2$s')");
        INSERTS.put("queue_metrics", "(tenant_id, queue_name) values ('%1$s', 'queue-%2$s')");
        INSERTS.put("idempotency_keys", "(tenant_id, key, queue_name, job_type, expires_at) values ('%1$s', 'req-%2$s', 'q', 't', now() + interval '1 day')");
        INSERTS.put("rate_limiters", "(tenant_id, service_name, tokens_available, max_concurrent, refill_rate, bucket_size) values ('%1$s', 'service-%2$s', 5, 2, 1, 10)");
        INSERTS.put("alert_history", "(tenant_id, severity, alert_type, message) values ('%1$s', 'info', 'queue_depth', 'alert %2$s')");
        INSERTS.put("dead_letter_jobs", "(tenant_id, queue_name, job_type) values ('%1$s', 'queue-%2$s', 'send')");
    }

    private TwoTenants() {
    }

    public static List<String> tables() {
        return List.copyOf(INSERTS.keySet());
    }

    public static String insert(String table, UUID tenant, int n) {
        return "insert into " + table + " " + INSERTS.get(table).formatted(tenant, n);
    }

    /** Acme and Globex in the tenants table, which belongs to the tenants service. */
    public static String tenants() {
        return "insert into tenants (id, name) values ('" + ACME + "', 'acme'), ('" + GLOBEX + "', 'globex')";
    }

    /** Two rows of each tenant in every table, written by a superuser or maintenance login. */
    public static List<String> rowsEverywhere() {
        List<String> statements = new java.util.ArrayList<>();
        statements.add(tenants());
        for (String table : tables()) {
            for (int n = 1; n <= 2; n++) {
                statements.add(insert(table, ACME, n));
                statements.add(insert(table, GLOBEX, n));
            }
        }
        return statements;
    }
}
