package org.queueservice.schema.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.jooq.impl.DSL;

/**
 * The queue service's schema: the ten tenant tables in dependency order, and the ordered steps that
 * create, isolate, seed and remove them. Migrations use this class and nothing else of the model.
 */
public final class QueueSchema {

    public static final Queues QUEUES = new Queues();
    public static final Jobs JOBS = new Jobs();
    public static final Schedules SCHEDULES = new Schedules();
    public static final RateLimits RATE_LIMITS = new RateLimits();
    public static final CriticalJobs CRITICAL_JOBS = new CriticalJobs();
    public static final QueueMetrics QUEUE_METRICS = new QueueMetrics();
    public static final IdempotencyKeys IDEMPOTENCY_KEYS = new IdempotencyKeys();
    public static final RateLimiters RATE_LIMITERS = new RateLimiters();
    public static final AlertHistory ALERT_HISTORY = new AlertHistory();
    public static final DeadLetterJobs DEAD_LETTER_JOBS = new DeadLetterJobs();

    /** Creation order. Every table depends only on tenants; drops run in reverse. */
    public static final List<TenantTable> TABLES = List.of(QUEUES, JOBS, SCHEDULES, RATE_LIMITS, CRITICAL_JOBS,
            QUEUE_METRICS, IDEMPOTENCY_KEYS, RATE_LIMITERS, ALERT_HISTORY, DEAD_LETTER_JOBS);

    private QueueSchema() {
    }

    /** tenants when absent, the updated_at trigger function, then each table with its indexes, comments and trigger. */
    public static List<SchemaStep> createTables() {
        List<SchemaStep> steps = new ArrayList<>();
        steps.add(Tenants.createIfAbsent());
        steps.add(SchemaStep.of("create function " + UpdatedAtTrigger.FUNCTION.last(), UpdatedAtTrigger.createFunction()));
        for (TenantTable table : TABLES) {
            steps.add(SchemaStep.of("create table " + table, table.createTable()));
            for (TableIndex index : table.indexes()) {
                steps.add(SchemaStep.of("create index " + index.name().last(), table.createIndex(index)));
            }
            steps.add(SchemaStep.of("comment on table " + table + " and its columns", table.comments()));
            steps.add(SchemaStep.of("create trigger " + UpdatedAtTrigger.triggerName(table).last(),
                    UpdatedAtTrigger.createTrigger(table)));
        }
        return List.copyOf(steps);
    }

    /** Tables in reverse dependency order, the trigger function, and tenants only if queue-schema created it. */
    public static List<SchemaStep> dropTables() {
        List<SchemaStep> steps = new ArrayList<>();
        for (TenantTable table : reversed()) {
            // RESTRICT: anything of someone else's that depends on our table stops the rollback instead of vanishing.
            steps.add(SchemaStep.of("drop table " + table, DSL.dropTableIfExists(table.table()).restrict()));
        }
        steps.add(SchemaStep.of("drop function " + UpdatedAtTrigger.FUNCTION.last(), UpdatedAtTrigger.dropFunction()));
        steps.add(Tenants.dropIfCreatedByUs());
        return List.copyOf(steps);
    }

    /** Roles when absent, then per table: RLS enabled and forced, the two policies, the grants. */
    public static List<SchemaStep> enableTenantIsolation(DatabaseRoles roles) {
        List<SchemaStep> steps = new ArrayList<>();
        steps.add(TenantIsolation.createRoleIfAbsent(roles.application()));
        steps.add(TenantIsolation.createRoleIfAbsent(roles.maintenance()));
        for (TenantTable table : TABLES) {
            steps.add(SchemaStep.of("row-level security, policies and grants on " + table,
                    TenantIsolation.enable(table, roles)));
        }
        return List.copyOf(steps);
    }

    public static List<SchemaStep> disableTenantIsolation(DatabaseRoles roles) {
        List<SchemaStep> steps = new ArrayList<>();
        for (TenantTable table : reversed()) {
            steps.add(SchemaStep.of("grants, policies and row-level security off on " + table,
                    TenantIsolation.disable(table, roles)));
        }
        steps.add(TenantIsolation.dropRoleIfUnused(roles.maintenance()));
        steps.add(TenantIsolation.dropRoleIfUnused(roles.application()));
        return List.copyOf(steps);
    }

    private static List<TenantTable> reversed() {
        List<TenantTable> reversed = new ArrayList<>(TABLES);
        Collections.reverse(reversed);
        return reversed;
    }

    public static List<SchemaStep> seed(UUID systemTenant) {
        return RateLimiterSeed.insert(systemTenant);
    }

    public static List<SchemaStep> unseed(UUID systemTenant) {
        return RateLimiterSeed.delete(systemTenant);
    }
}
