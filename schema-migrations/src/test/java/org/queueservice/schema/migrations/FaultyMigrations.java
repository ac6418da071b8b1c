package org.queueservice.schema.migrations;

import java.util.ArrayList;
import java.util.List;

import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.queueservice.schema.model.RateLimiterSeed;
import org.queueservice.schema.model.SchemaStep;
import org.queueservice.schema.model.SqlRenderer;

/**
 * The real migrations, each with one seeded defect that its class name says, for the audit's tests: the
 * database-free ones of single checks and the seeded faults of MigrationAuditIT. The version in the name is
 * the one it replaces; Flyway takes the description from the rest of the name, for the history and the
 * registry alike.
 */
public final class FaultyMigrations {

    private FaultyMigrations() {
    }

    /**
     * A released version, delegated to, whose steps a subclass changes where its name says; Flyway still takes
     * the version and description from the subclass's name.
     */
    public abstract static class Altered extends SchemaMigration {
        protected final SchemaMigration released;

        protected Altered(SchemaMigration released) {
            this.released = released;
        }

        @Override
        public List<SchemaStep> up(MigrationSettings settings) {
            return released.up(settings);
        }

        @Override
        public List<SchemaStep> down(MigrationSettings settings) {
            return released.down(settings);
        }

        /** The released up (or down) steps with {@code more} after them. */
        protected static List<SchemaStep> followedBy(List<SchemaStep> steps, SchemaStep more) {
            List<SchemaStep> all = new ArrayList<>(steps);
            all.add(more);
            return all;
        }

        /** The released down steps without the statement that renders as {@code sql}. */
        protected List<SchemaStep> downWithout(MigrationSettings settings, String sql) {
            List<SchemaStep> steps = new ArrayList<>();
            for (SchemaStep step : released.down(settings)) {
                List<org.jooq.Query> kept = step.statements().stream().filter(q -> !SqlRenderer.render(q).equals(sql)).toList();
                steps.add(new SchemaStep(step.description(), kept, step.onlyIf(), step.autocommit(), step.dataAtRisk(), step.keptRows()));
            }
            return steps;
        }
    }

    /** Creates a table without IF NOT EXISTS: applying it again fails. */
    public static final class V1__Create_queue_tables_with_a_plain_create extends Altered {
        public V1__Create_queue_tables_with_a_plain_create() {
            super(new V1__Create_queue_tables());
        }

        @Override
        public List<SchemaStep> up(MigrationSettings settings) {
            return followedBy(released.up(settings),
                    SchemaStep.of("create table jobs_archive", DSL.createTable("jobs_archive").column("id", SQLDataType.UUID)));
        }

        @Override
        public List<SchemaStep> down(MigrationSettings settings) {
            List<SchemaStep> steps = new ArrayList<>(List.of(SchemaStep.of("drop table jobs_archive", DSL.dropTableIfExists("jobs_archive"))));
            steps.addAll(released.down(settings));
            return steps;
        }
    }

    /** Its down steps leave row-level security enabled on jobs. */
    public static final class V2__Enforce_tenant_isolation_leaving_rls_on_jobs extends Altered {
        public V2__Enforce_tenant_isolation_leaving_rls_on_jobs() {
            super(new V2__Enforce_tenant_isolation());
        }

        @Override
        public List<SchemaStep> down(MigrationSettings settings) {
            return downWithout(settings, "alter table \"jobs\" disable row level security");
        }
    }

    /** Its down steps leave the tenant policy on jobs. */
    public static final class V2__Enforce_tenant_isolation_leaving_a_policy extends Altered {
        public V2__Enforce_tenant_isolation_leaving_a_policy() {
            super(new V2__Enforce_tenant_isolation());
        }

        @Override
        public List<SchemaStep> down(MigrationSettings settings) {
            return downWithout(settings, "drop policy if exists \"jobs_tenant_isolation\" on \"jobs\"");
        }
    }

    /** Its down steps also change a default that its up steps never set. */
    public static final class V2__Enforce_tenant_isolation_changing_a_default extends Altered {
        public V2__Enforce_tenant_isolation_changing_a_default() {
            super(new V2__Enforce_tenant_isolation());
        }

        @Override
        public List<SchemaStep> down(MigrationSettings settings) {
            return followedBy(released.down(settings),
                    SchemaStep.of("change a default", DSL.alterTable("jobs").alter("max_attempts").defaultValue(7)));
        }
    }

    /** Seeds, and has no down steps at all. */
    public static final class V3__Seed_rate_limiters_without_down extends Altered {
        public V3__Seed_rate_limiters_without_down() {
            super(new V3__Seed_rate_limiters());
        }

        @Override
        public List<SchemaStep> down(MigrationSettings settings) {
            return List.of();
        }
    }

    /**
     * Committed step by step, with a down step that fails when run twice: a first run stopped after it
     * could not be finished by a second.
     */
    public static final class V3__Seed_rate_limiters_outside_a_transaction extends Altered {
        public V3__Seed_rate_limiters_outside_a_transaction() {
            super(new V3__Seed_rate_limiters());
        }

        @Override
        public List<SchemaStep> down(MigrationSettings settings) {
            return followedBy(released.down(settings), SchemaStep.of("a scratch index",
                    DSL.createIndex("rate_limiters_scratch_idx").on("rate_limiters", "bucket_size"), DSL.dropIndex("rate_limiters_scratch_idx")));
        }

        @Override
        public boolean canExecuteInTransaction() {
            return false;
        }
    }

    /** Its down steps delete every tenant's rate limiters, not just the seed rows. */
    public static final class V3__Seed_rate_limiters_deleting_every_row extends Altered {
        public V3__Seed_rate_limiters_deleting_every_row() {
            super(new V3__Seed_rate_limiters());
        }

        @Override
        public List<SchemaStep> down(MigrationSettings settings) {
            return followedBy(released.down(settings), SchemaStep.of("delete every tenant's rate limiters",
                    DSL.deleteFrom(DSL.table(DSL.name("rate_limiters"))).where(DSL.field(DSL.name("tenant_id")).isNotNull())));
        }
    }

    /** Seeds a random value: every run gives another catalog. */
    public static final class V3__Seed_rate_limiters_at_random extends Altered {
        public V3__Seed_rate_limiters_at_random() {
            super(new V3__Seed_rate_limiters());
        }

        @Override
        public List<SchemaStep> up(MigrationSettings settings) {
            return followedBy(released.up(settings), SchemaStep.of("randomise the seed", DSL.update(DSL.table(DSL.name("rate_limiters")))
                    .set(DSL.field(DSL.name("max_concurrent"), Integer.class), DSL.field("1 + floor(random() * 100000)::int", Integer.class))));
        }

        /** Deletes the seeded rows by key: the real down keeps them, since randomised rows look tuned. */
        @Override
        public List<SchemaStep> down(MigrationSettings settings) {
            List<SchemaStep> steps = new ArrayList<>(List.of(SchemaStep.of("delete the randomised seed",
                    RateLimiterSeed.actAsTenant(settings.systemTenant()),
                    DSL.deleteFrom(DSL.table(DSL.name("rate_limiters")))
                            .where(DSL.field(DSL.name("tenant_id")).eq(DSL.inline(settings.systemTenant()))))));
            steps.addAll(released.down(settings));
            return steps;
        }
    }

    /** Its down steps do everything but delete the seed rows. */
    public static final class V3__Seed_rate_limiters_keeping_the_seed extends Altered {
        public V3__Seed_rate_limiters_keeping_the_seed() {
            super(new V3__Seed_rate_limiters());
        }

        @Override
        public List<SchemaStep> down(MigrationSettings settings) {
            return released.down(settings).stream()
                    .filter(step -> step.sql().stream().noneMatch(sql -> sql.startsWith("delete from \"rate_limiters\""))).toList();
        }
    }

    /** Commits step by step, every statement idempotent: an online version, accepted. */
    public static final class V3__Seed_rate_limiters_online extends Altered {
        public V3__Seed_rate_limiters_online() {
            super(new V3__Seed_rate_limiters());
        }

        @Override
        public boolean canExecuteInTransaction() {
            return false;
        }
    }

    /** Builds an index CONCURRENTLY inside the one transaction of its version. */
    public static final class V3__Seed_rate_limiters_concurrently_in_a_transaction extends Altered {
        public V3__Seed_rate_limiters_concurrently_in_a_transaction() {
            super(new V3__Seed_rate_limiters());
        }

        @Override
        public List<SchemaStep> up(MigrationSettings settings) {
            return followedBy(released.up(settings), SchemaStep.of("a concurrent index",
                    DSL.query("create index concurrently if not exists {0} on {1} ({2})", DSL.name("rate_limiters_scratch_idx"),
                            DSL.name("rate_limiters"), DSL.name("bucket_size"))));
        }
    }

    /** Lower case after the version: not V<version>__<Description>. */
    public static final class V2__enforce_tenant_isolation extends Altered {
        public V2__enforce_tenant_isolation() {
            super(new V2__Enforce_tenant_isolation());
        }
    }
}
