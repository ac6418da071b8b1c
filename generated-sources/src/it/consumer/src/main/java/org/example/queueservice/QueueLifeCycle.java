package org.example.queueservice;

import static org.queueservice.schema.generated.Tables.DEAD_LETTER_JOBS;
import static org.queueservice.schema.generated.Tables.JOBS;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jooq.JSONB;
import org.postgresql.ds.PGSimpleDataSource;
import org.queueservice.schema.generated.enums.JobStatus;
import org.queueservice.schema.generated.tables.pojos.DeadLetterJobs;
import org.queueservice.schema.generated.tables.records.JobsRecord;
import org.queueservice.schema.tenant.TenantContext;

/**
 * Runs a job's whole life cycle against a database migrated by {@code queue-schema migrate}, as a
 * {@code queue_app} login, and stops with an error at the first outcome that is not the expected one.
 * Connection settings come from the environment: QUEUE_DB_URL, QUEUE_DB_USER and QUEUE_DB_PASSWORD
 * (the service's login), TENANTS_DB_USER and TENANTS_DB_PASSWORD (a login that may write tenants).
 */
public final class QueueLifeCycle {

    private static final UUID ACME = UUID.fromString("aaaaaaaa-0000-0000-0000-000000000001");
    private static final UUID GLOBEX = UUID.fromString("bbbbbbbb-0000-0000-0000-000000000002");

    public static void main(String[] args) throws SQLException {
        String url = env("QUEUE_DB_URL");
        createTenants(url, env("TENANTS_DB_USER"), env("TENANTS_DB_PASSWORD"), Map.of(ACME, "acme", GLOBEX, "globex"));

        // docs wiring
        PGSimpleDataSource dataSource = new PGSimpleDataSource(); // or the service's pool (HikariCP, ...)
        dataSource.setUrl(url);
        dataSource.setUser(env("QUEUE_DB_USER")); // a login that is a member of queue_app, nothing more
        dataSource.setPassword(env("QUEUE_DB_PASSWORD"));
        TenantContext tenants = new TenantContext(dataSource);
        JobQueue queue = new JobQueue(tenants);
        // end of docs wiring

        UUID welcome = queue.enqueue(ACME, "emails", "welcome", JSONB.valueOf("{\"to\": \"ada@acme.test\"}"), 3);
        UUID digest = queue.enqueue(ACME, "emails", "digest", JSONB.valueOf("{}"), 3);
        UUID fragile = queue.enqueue(ACME, "emails", "fragile", JSONB.valueOf("{}"), 1);
        check(queue.depth(ACME, "emails") == 3, "3 jobs wait in acme's emails queue");
        say("enqueued 3 jobs for acme");

        // Two workers claim at once: the second passes over the job the first holds locked.
        List<UUID> claimed = tenants.inTenant(ACME, dsl -> {
            JobsRecord first = queue.claim(dsl, ACME, "emails").orElseThrow();
            JobsRecord second = queue.claim(ACME, "emails").orElseThrow();
            return List.of(first.getId(), second.getId());
        });
        check(claimed.equals(List.of(welcome, digest)), "two concurrent claims took welcome and digest, got " + claimed);
        say("claimed welcome and digest concurrently (FOR UPDATE SKIP LOCKED)");

        queue.complete(ACME, welcome);
        check(status(tenants, welcome) == JobStatus.COMPLETED, "welcome is completed");
        say("completed welcome");

        JobStatus retried = queue.fail(ACME, digest, "smtp timeout", Duration.ofMinutes(5));
        check(retried == JobStatus.PENDING, "digest goes back to pending for a retry, got " + retried);
        say("digest failed once, retried in 5 minutes");

        // digest is not due again yet: the next claim takes fragile, whose only attempt then fails.
        Optional<JobsRecord> next = queue.claim(ACME, "emails");
        check(next.map(JobsRecord::getId).equals(Optional.of(fragile)), "the next due job is fragile, got " + next);
        JobStatus dead = queue.fail(ACME, fragile, "malformed payload", Duration.ofMinutes(5));
        check(dead == JobStatus.FAILED, "fragile fails for good after its only attempt, got " + dead);
        List<DeadLetterJobs> deadLetters = tenants.inTenant(ACME, dsl -> dsl.selectFrom(DEAD_LETTER_JOBS).fetchInto(DeadLetterJobs.class));
        check(deadLetters.size() == 1 && fragile.equals(deadLetters.get(0).getOriginalJobId())
                && "malformed payload".equals(deadLetters.get(0).getError()), "fragile is dead-lettered, got " + deadLetters);
        check(queue.claim(ACME, "emails").isEmpty(), "nothing else is due");
        say("fragile dead-lettered after 1 attempt; nothing else due");

        int globexJobs = tenants.inTenant(GLOBEX, dsl -> dsl.fetchCount(JOBS));
        int globexDeadLetters = tenants.inTenant(GLOBEX, dsl -> dsl.fetchCount(DEAD_LETTER_JOBS));
        check(globexJobs == 0 && globexDeadLetters == 0 && queue.claim(GLOBEX, "emails").isEmpty(),
                "globex sees none of acme's jobs, got " + globexJobs + " jobs, " + globexDeadLetters + " dead letters");
        say("globex sees no jobs and no dead letters");
        say("queue life cycle: all checks passed");
    }

    // docs tenants
    /**
     * Tenants belong to the tenants service: its login writes them, never the queue's. A test or a new
     * deployment creates the rows the queue's foreign keys need, once, before the first job.
     */
    static void createTenants(String url, String user, String password, Map<UUID, String> tenants) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             PreparedStatement insert = connection.prepareStatement(
                     "insert into tenants (id, name) values (?, ?) on conflict (id) do nothing")) {
            for (Map.Entry<UUID, String> tenant : tenants.entrySet()) {
                insert.setObject(1, tenant.getKey());
                insert.setString(2, tenant.getValue());
                insert.executeUpdate();
            }
        }
    }
    // end of docs tenants

    private static JobStatus status(TenantContext tenants, UUID job) {
        return tenants.inTenant(ACME, dsl -> dsl.select(JOBS.STATUS).from(JOBS).where(JOBS.TENANT_ID.eq(ACME), JOBS.ID.eq(job))
                .fetchSingle(JOBS.STATUS));
    }

    private static void check(boolean holds, String expectation) {
        if (!holds) {
            throw new IllegalStateException("queue life cycle: expected " + expectation);
        }
    }

    private static void say(String line) {
        System.out.println("[consumer] " + line);
    }

    private static String env(String name) {
        return Objects.requireNonNull(System.getenv(name), name + " is not set");
    }
}
