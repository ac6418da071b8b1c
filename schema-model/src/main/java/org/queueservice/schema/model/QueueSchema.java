package org.queueservice.schema.model;

import java.util.List;

/**
 * The queue service's schema as it must be now: the ten tenant tables, each a class with typed columns,
 * in dependency order, and {@link #MODEL}, the same as a value. Migrations never read this class:
 * released versions carry their own literal statements, and new ones are generated from the difference
 * between {@link #MODEL} and what the released versions build.
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

    /** The desired schema: what `mvn generate-sources` compares with the migrations. */
    public static final SchemaModel MODEL =
            new SchemaModel(TABLES.stream().map(TenantTable::definition).toList(), RateLimiterSeed.PROVIDERS);

    private QueueSchema() {
    }
}
