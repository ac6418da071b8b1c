package org.queueservice.schema.migrations.audit.checks;

import java.util.ArrayList;
import java.util.List;

import org.jooq.Query;
import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.Migrations;
import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.V1__Create_queue_tables;
import org.queueservice.schema.migrations.V2__Enforce_tenant_isolation;
import org.queueservice.schema.migrations.V3__Seed_rate_limiters;
import org.queueservice.schema.model.SchemaStep;
import org.queueservice.schema.model.SqlRenderer;

/**
 * Migration lists for the checks that need no database: the real one, and the real one with one version
 * replaced by a class whose name says its defect (the version in the name is the one it replaces).
 */
final class BrokenMigrations {

    static final MigrationSettings SETTINGS = MigrationSettings.DEFAULT;

    /** The versions of release 1.0.0, which these tests describe whatever is released after them. */
    static final List<SchemaMigration> RELEASE_1_0 = Migrations.all().subList(0, 3);

    private BrokenMigrations() {
    }

    static AuditContext good() {
        return AuditContext.ofMigrations(SETTINGS, RELEASE_1_0);
    }

    /** The real list with {@code replacement} at the position of its version. */
    static AuditContext with(SchemaMigration replacement) {
        List<SchemaMigration> migrations = new ArrayList<>(RELEASE_1_0);
        migrations.set(replacement.versionNumber() - 1, replacement);
        return AuditContext.ofMigrations(SETTINGS, migrations);
    }

    static AuditContext of(SchemaMigration... migrations) {
        return AuditContext.ofMigrations(SETTINGS, List.of(migrations));
    }

    /** {@code steps} without the statements that render as {@code sql}. */
    static List<SchemaStep> without(List<SchemaStep> steps, String... sql) {
        List<String> dropped = List.of(sql);
        List<SchemaStep> kept = new ArrayList<>();
        for (SchemaStep step : steps) {
            List<Query> statements = step.statements().stream().filter(q -> !dropped.contains(SqlRenderer.render(q))).toList();
            kept.add(new SchemaStep(step.description(), statements, step.onlyIf(), step.autocommit(), step.dataAtRisk()));
        }
        return kept;
    }

    static final class V2__Enforce_tenant_isolation_leaving_rls_on_jobs extends SchemaMigration {
        @Override
        public List<SchemaStep> up(MigrationSettings settings) {
            return new V2__Enforce_tenant_isolation().up(settings);
        }

        @Override
        public List<SchemaStep> down(MigrationSettings settings) {
            return without(new V2__Enforce_tenant_isolation().down(settings), "alter table \"jobs\" disable row level security");
        }
    }

    static final class V2__Enforce_tenant_isolation_leaving_the_jobs_policy extends SchemaMigration {
        @Override
        public List<SchemaStep> up(MigrationSettings settings) {
            return new V2__Enforce_tenant_isolation().up(settings);
        }

        @Override
        public List<SchemaStep> down(MigrationSettings settings) {
            return without(new V2__Enforce_tenant_isolation().down(settings),
                    "drop policy if exists \"jobs_tenant_isolation\" on \"jobs\"");
        }
    }

    static final class V3__Seed_rate_limiters_without_down extends SchemaMigration {
        @Override
        public List<SchemaStep> up(MigrationSettings settings) {
            return new V3__Seed_rate_limiters().up(settings);
        }

        @Override
        public List<SchemaStep> down(MigrationSettings settings) {
            return List.of();
        }
    }

    /** Its down steps do everything but delete the seed rows. */
    static final class V3__Seed_rate_limiters_keeping_the_seed extends SchemaMigration {
        @Override
        public List<SchemaStep> up(MigrationSettings settings) {
            return new V3__Seed_rate_limiters().up(settings);
        }

        @Override
        public List<SchemaStep> down(MigrationSettings settings) {
            return new V3__Seed_rate_limiters().down(settings).stream()
                    .filter(step -> step.sql().stream().noneMatch(sql -> sql.startsWith("delete from \"rate_limiters\""))).toList();
        }
    }

    /** Commits step by step, with a create that fails when run twice. */
    static final class V3__Seed_rate_limiters_outside_a_transaction extends SchemaMigration {
        @Override
        public List<SchemaStep> up(MigrationSettings settings) {
            List<SchemaStep> steps = new ArrayList<>(new V3__Seed_rate_limiters().up(settings));
            steps.add(SchemaStep.of("a scratch index", DSL.createIndex("rate_limiters_scratch_idx").on("rate_limiters", "bucket_size")));
            return steps;
        }

        @Override
        public List<SchemaStep> down(MigrationSettings settings) {
            return new V3__Seed_rate_limiters().down(settings);
        }

        @Override
        public boolean canExecuteInTransaction() {
            return false;
        }
    }

    /** Commits step by step, every statement idempotent: an online version, accepted. */
    static final class V3__Seed_rate_limiters_online extends SchemaMigration {
        @Override
        public List<SchemaStep> up(MigrationSettings settings) {
            return new V3__Seed_rate_limiters().up(settings);
        }

        @Override
        public List<SchemaStep> down(MigrationSettings settings) {
            return new V3__Seed_rate_limiters().down(settings);
        }

        @Override
        public boolean canExecuteInTransaction() {
            return false;
        }
    }

    /** Builds an index CONCURRENTLY inside the one transaction of its version. */
    static final class V3__Seed_rate_limiters_concurrently_in_a_transaction extends SchemaMigration {
        @Override
        public List<SchemaStep> up(MigrationSettings settings) {
            List<SchemaStep> steps = new ArrayList<>(new V3__Seed_rate_limiters().up(settings));
            steps.add(SchemaStep.of("a concurrent index",
                    DSL.query("create index concurrently if not exists {0} on {1} ({2})", DSL.name("rate_limiters_scratch_idx"),
                            DSL.name("rate_limiters"), DSL.name("bucket_size"))));
            return steps;
        }

        @Override
        public List<SchemaStep> down(MigrationSettings settings) {
            return new V3__Seed_rate_limiters().down(settings);
        }
    }

    /** Lower case after the version: not V<version>__<Description>. */
    static final class V2__enforce_tenant_isolation extends SchemaMigration {
        @Override
        public List<SchemaStep> up(MigrationSettings settings) {
            return new V2__Enforce_tenant_isolation().up(settings);
        }

        @Override
        public List<SchemaStep> down(MigrationSettings settings) {
            return new V2__Enforce_tenant_isolation().down(settings);
        }
    }

    static V1__Create_queue_tables v1() {
        return new V1__Create_queue_tables();
    }

    static V3__Seed_rate_limiters v3() {
        return new V3__Seed_rate_limiters();
    }
}
