package org.queueservice.schema.migrations.review.rules;

import static org.jooq.impl.DSL.query;

import java.util.Arrays;
import java.util.List;

import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.model.SchemaStep;

/**
 * One next version per hazard, and a safe version of the same change, each a statement or a few as a
 * migration author would write them. Reviewed on top of the released versions by {@link HazardRulesTest}.
 */
final class SeededMigrations {

    private SeededMigrations() {
    }

    /** A next version made of the given steps; online when any step runs in autocommit or {@code online} says so. */
    abstract static class Seeded extends SchemaMigration {
        private final boolean online;
        private final List<SchemaStep> steps;

        Seeded(boolean online, SchemaStep... steps) {
            this.online = online;
            this.steps = List.of(steps);
        }

        @Override
        public List<SchemaStep> up(MigrationSettings settings) {
            return steps;
        }

        @Override
        public List<SchemaStep> down(MigrationSettings settings) {
            return List.of();
        }

        @Override
        public boolean canExecuteInTransaction() {
            return !online;
        }
    }

    /** One step of plain SQL statements. */
    static SchemaStep step(String... sql) {
        return SchemaStep.of(sql[0], Arrays.stream(sql).<org.jooq.Query>map(s -> query(s)).toList());
    }

    static SchemaStep autocommit(String sql) {
        return step(sql).inAutocommit();
    }

    static final String TENANT = "tenant_id = nullif(current_setting('app.current_tenant', true), '')::uuid";

    /** A new tenant table keyed as every tenant table is since V4, so that Citus can distribute it. */
    static final String NOTES = "create table notes (id uuid not null, tenant_id uuid not null references tenants (id), "
            + "primary key (tenant_id, id))";

    static final String SUB_SELECT_TENANT = "tenant_id = (select nullif(current_setting('app.current_tenant', true), '')::uuid)";

    static final class V4__Index_without_concurrently extends Seeded {
        V4__Index_without_concurrently() {
            super(false, step("create index jobs_type_idx on jobs (type)"));
        }
    }

    static final class V4__Index_concurrently extends Seeded {
        V4__Index_concurrently() {
            super(true, autocommit("create index concurrently if not exists jobs_type_idx on jobs (type)"));
        }
    }

    static final class V4__Concurrently_in_transaction extends Seeded {
        V4__Concurrently_in_transaction() {
            super(false, step("create index concurrently if not exists jobs_type_idx on jobs (type)"));
        }
    }

    static final class V4__Drop_index extends Seeded {
        V4__Drop_index() {
            super(false, step("drop index jobs_stuck_idx"));
        }
    }

    static final class V4__Drop_index_concurrently extends Seeded {
        V4__Drop_index_concurrently() {
            super(true, autocommit("drop index concurrently if exists jobs_stuck_idx"));
        }
    }

    static final class V4__Check_validated_at_once extends Seeded {
        V4__Check_validated_at_once() {
            super(false, step("alter table jobs add constraint jobs_attempts_check check (attempts >= 0)"));
        }
    }

    static final class V4__Foreign_key_validated_at_once extends Seeded {
        V4__Foreign_key_validated_at_once() {
            super(false, step("alter table jobs add constraint jobs_tenant_fk foreign key (tenant_id) references tenants (id)"));
        }
    }

    static final class V4__Check_not_valid_then_validated extends Seeded {
        V4__Check_not_valid_then_validated() {
            super(true, step("alter table jobs add constraint jobs_attempts_check check (attempts >= 0) not valid"),
                    step("alter table jobs validate constraint jobs_attempts_check"));
        }
    }

    /** The safe steps in a transactional version: the ADD's lock is still held when VALIDATE scans. */
    static final class V4__Check_not_valid_then_validated_in_one_transaction extends Seeded {
        V4__Check_not_valid_then_validated_in_one_transaction() {
            super(false, step("alter table jobs add constraint jobs_attempts_check check (attempts >= 0) not valid"),
                    step("alter table jobs validate constraint jobs_attempts_check"));
        }
    }

    /** Constraints written into ADD COLUMN are built or checked over every row under the ADD's lock. */
    static final class V4__Column_added_with_check extends Seeded {
        V4__Column_added_with_check() {
            super(false, step("alter table jobs add column priority integer not null default 0 check (priority >= 0)"));
        }
    }

    static final class V4__Column_added_with_reference extends Seeded {
        V4__Column_added_with_reference() {
            super(false, step("alter table jobs add column owner_tenant uuid references tenants (id)"));
        }
    }

    static final class V4__Column_added_unique extends Seeded {
        V4__Column_added_unique() {
            super(false, step("alter table jobs add column external_id uuid default null unique"));
        }
    }

    static final class V4__Set_not_null extends Seeded {
        V4__Set_not_null() {
            super(false, step("alter table jobs alter column error set not null"));
        }
    }

    static final class V4__Set_not_null_through_check extends Seeded {
        V4__Set_not_null_through_check() {
            super(true, step("alter table jobs add constraint jobs_error_not_null check (error is not null) not valid"),
                    step("alter table jobs validate constraint jobs_error_not_null"),
                    step("alter table jobs alter column error set not null"),
                    step("alter table jobs drop constraint jobs_error_not_null"));
        }
    }

    /** jobs.type: a column whose name is also a keyword of ALTER COLUMN ... TYPE. */
    static final class V4__Set_not_null_on_type extends Seeded {
        V4__Set_not_null_on_type() {
            super(false, step("alter table jobs alter column type set not null"));
        }
    }

    static final class V4__Set_default_on_type extends Seeded {
        V4__Set_default_on_type() {
            super(false, step("alter table jobs alter column type set default 'email'", "alter table jobs alter column type drop default"));
        }
    }

    static final class V4__Not_null_column_without_default extends Seeded {
        V4__Not_null_column_without_default() {
            super(false, step("alter table jobs add column priority integer not null"));
        }
    }

    static final class V4__Not_null_column_with_default extends Seeded {
        V4__Not_null_column_with_default() {
            super(false, step("alter table jobs add column priority integer not null default 0"));
        }
    }

    static final class V4__Volatile_default extends Seeded {
        V4__Volatile_default() {
            super(false, step("alter table jobs add column trace_id uuid default gen_random_uuid()"));
        }
    }

    /** A serial's default is nextval() although no DEFAULT is written; NOT NULL is then no QS106. */
    static final class V4__Serial_column extends Seeded {
        V4__Serial_column() {
            super(false, step("alter table jobs add column seq bigserial not null"));
        }
    }

    static final class V4__Identity_column extends Seeded {
        V4__Identity_column() {
            super(false, step("alter table jobs add column seq bigint generated by default as identity"));
        }
    }

    /** A stored generated column is computed for every existing row, as a volatile default is. */
    static final class V4__Generated_column extends Seeded {
        V4__Generated_column() {
            super(false, step("alter table jobs add column queue_type text generated always as (queue || '/' || type) stored"));
        }
    }

    /** NOT NULL holds for the computed values: no QS106, though no DEFAULT is written. */
    static final class V4__Generated_column_not_null extends Seeded {
        V4__Generated_column_not_null() {
            super(false, step("alter table jobs add column queue_type text generated always as (queue || '/' || type) stored not null"));
        }
    }

    static final class V4__Default_set_afterwards extends Seeded {
        V4__Default_set_afterwards() {
            super(false, step("alter table jobs add column trace_id uuid", "alter table jobs alter column trace_id set default gen_random_uuid()"));
        }
    }

    static final class V4__Type_change_rewrites extends Seeded {
        V4__Type_change_rewrites() {
            super(false, step("alter table jobs alter column attempts type bigint"));
        }
    }

    static final class V4__Type_widened extends Seeded {
        V4__Type_widened() {
            super(false, step("alter table jobs alter column queue type varchar(500)", "alter table jobs alter column type type text"));
        }
    }

    static final class V4__Unique_in_place extends Seeded {
        V4__Unique_in_place() {
            super(false, step("alter table jobs add constraint jobs_tenant_id_queue_type_key unique (tenant_id, queue, type)"));
        }
    }

    static final class V4__Unique_using_index extends Seeded {
        V4__Unique_using_index() {
            super(true, autocommit("create unique index concurrently if not exists jobs_tenant_id_queue_type_key on jobs (tenant_id, queue, type)"),
                    step("alter table jobs add constraint jobs_tenant_id_queue_type_key unique using index jobs_tenant_id_queue_type_key"));
        }
    }

    static final class V4__Drop_column extends Seeded {
        V4__Drop_column() {
            super(false, step("alter table jobs drop column error"));
        }
    }

    static final class V4__Drop_table extends Seeded {
        V4__Drop_table() {
            super(false, step("drop table if exists alert_history"));
        }
    }

    static final class V4__Rename_column extends Seeded {
        V4__Rename_column() {
            super(false, step("alter table jobs rename column error to last_error"));
        }
    }

    static final class V4__Column_added_under_new_name extends Seeded {
        V4__Column_added_under_new_name() {
            super(false, step("alter table jobs add column last_error text"));
        }
    }

    static final class V4__Drop_not_null extends Seeded {
        V4__Drop_not_null() {
            super(false, step("alter table jobs alter column queue drop not null"));
        }
    }

    static final class V4__Default_instead_of_null extends Seeded {
        V4__Default_instead_of_null() {
            super(false, step("alter table jobs alter column queue set default 'default'"));
        }
    }

    static final class V4__Lock_timeout_lifted extends Seeded {
        V4__Lock_timeout_lifted() {
            super(false, step("set lock_timeout = 0", "alter table jobs add column note text"));
        }
    }

    static final class V4__Lock_timeout_kept extends Seeded {
        V4__Lock_timeout_kept() {
            super(false, step("set local lock_timeout = '2s'", "alter table jobs add column note text"));
        }
    }

    static final class V4__Backfill_with_ddl extends Seeded {
        V4__Backfill_with_ddl() {
            super(false, step("alter table jobs add column note text", "update jobs set note = '' where note is null"));
        }
    }

    static final class V4__Backfill_in_its_own_step extends Seeded {
        V4__Backfill_in_its_own_step() {
            super(true, step("alter table jobs add column note text"), step("update jobs set note = '' where note is null"));
        }
    }

    static final class V4__Table_without_rls extends Seeded {
        V4__Table_without_rls() {
            super(false, step(NOTES, "alter table notes enable row level security"));
        }
    }

    static final class V4__Table_with_rls extends Seeded {
        V4__Table_with_rls() {
            super(false, step(NOTES, "alter table notes enable row level security", "alter table notes force row level security"));
        }
    }

    static final class V4__Force_lifted extends Seeded {
        V4__Force_lifted() {
            super(false, step("alter table jobs no force row level security"));
        }
    }

    static final class V4__Force_lifted_and_restored extends Seeded {
        V4__Force_lifted_and_restored() {
            super(false, step("alter table jobs no force row level security", "alter table jobs force row level security"));
        }
    }

    static final class V4__Policy_dropped extends Seeded {
        V4__Policy_dropped() {
            super(false, step("drop policy if exists jobs_maintenance on jobs"));
        }
    }

    static final class V4__Policy_altered extends Seeded {
        V4__Policy_altered() {
            super(false, step("alter policy jobs_maintenance on jobs to queue_maintenance using (true)"));
        }
    }

    static final class V4__Policy_on_new_table extends Seeded {
        V4__Policy_on_new_table() {
            super(false, step(NOTES, "alter table notes enable row level security", "alter table notes force row level security",
                    "create policy notes_tenant_isolation on notes for all to public using (" + TENANT + ") with check (" + TENANT + ")",
                    "create policy notes_maintenance on notes for all to queue_maintenance using (true) with check (true)",
                    "grant select, insert, update, delete on notes to queue_app"));
        }
    }

    static final class V4__Using_differs_from_check extends Seeded {
        V4__Using_differs_from_check() {
            super(false, step("create policy jobs_reader on jobs for all to public using (" + TENANT + ") with check (" + TENANT
                    + " and status = 'pending')"));
        }
    }

    static final class V4__Policy_admits_service_to_every_row extends Seeded {
        V4__Policy_admits_service_to_every_row() {
            super(false, step("create policy jobs_open on jobs as permissive for select to queue_app using (true)"));
        }
    }

    /** Names tenant_id and still admits every row: the condition never reads the current tenant. */
    static final class V4__Policy_names_tenant_id_only extends Seeded {
        V4__Policy_names_tenant_id_only() {
            super(false, step("create policy jobs_open on jobs as permissive for select to queue_app using (tenant_id is not null)"));
        }
    }

    static final class V4__Policy_admits_maintenance_to_every_row extends Seeded {
        V4__Policy_admits_maintenance_to_every_row() {
            super(false, step("create policy jobs_sweep on jobs as permissive for select to queue_maintenance using (true)"));
        }
    }

    static final class V4__Policy_casts_tenant_id extends Seeded {
        V4__Policy_casts_tenant_id() {
            super(false, step("create policy jobs_text on jobs for all to public using (tenant_id::text = current_setting('app.current_tenant'))"));
        }
    }

    static final class V4__Policy_casts_tenant_id_by_call extends Seeded {
        V4__Policy_casts_tenant_id_by_call() {
            super(false, step("create policy jobs_text on jobs for all to public using (text(tenant_id) = current_setting('app.current_tenant'))"));
        }
    }

    /** Unquoted, varchar(...) is a type name to PostgreSQL, not a call: the quotes make it the cast function. */
    static final class V4__Policy_casts_tenant_id_to_varchar extends Seeded {
        V4__Policy_casts_tenant_id_to_varchar() {
            super(false, step("create policy jobs_text on jobs for all to public using (\"varchar\"(jobs.tenant_id) = current_setting('app.current_tenant'))"));
        }
    }

    static final class V4__Policy_compares_uuid extends Seeded {
        V4__Policy_compares_uuid() {
            super(false, step("create policy jobs_uuid on jobs for all to public using (" + TENANT + ")"));
        }
    }

    static final class V4__Policy_reads_other_setting extends Seeded {
        V4__Policy_reads_other_setting() {
            super(false, step("create policy jobs_system on jobs for all to public using (" + TENANT
                    + " or current_setting('app.is_system_user', true) = 'true')"));
        }
    }

    static final class V4__Grant_truncate extends Seeded {
        V4__Grant_truncate() {
            super(false, step("grant select, truncate on jobs to queue_app"));
        }
    }

    static final class V4__Grant_truncate_on_two_tables extends Seeded {
        V4__Grant_truncate_on_two_tables() {
            super(false, step("grant truncate on jobs, rate_limiters to queue_app"));
        }
    }

    static final class V4__Grant_truncate_on_schema extends Seeded {
        V4__Grant_truncate_on_schema() {
            super(false, step("grant truncate on all tables in schema public to queue_app"));
        }
    }

    /** The service role holds whatever PUBLIC is granted. */
    static final class V4__Grant_trigger_to_public extends Seeded {
        V4__Grant_trigger_to_public() {
            super(false, step("grant trigger on jobs to public"));
        }
    }

    static final class V4__Owner_service_role extends Seeded {
        V4__Owner_service_role() {
            super(false, step("alter table jobs owner to queue_app"));
        }
    }

    /** Membership in any role hands the service role that role's policies, the maintenance role's every-row one among them. */
    static final class V4__Grant_role_to_service_role extends Seeded {
        V4__Grant_role_to_service_role() {
            super(false, step("grant queue_maintenance to queue_app"));
        }
    }

    static final class V4__Service_role_bypasses_rls extends Seeded {
        V4__Service_role_bypasses_rls() {
            super(false, step("alter role queue_app with bypassrls"));
        }
    }

    static final class V4__Service_role_made_superuser extends Seeded {
        V4__Service_role_made_superuser() {
            super(false, step("alter user queue_app superuser"));
        }
    }

    static final class V4__Service_role_created_bypassing_rls extends Seeded {
        V4__Service_role_created_bypassing_rls() {
            super(false, step("create role queue_app nologin bypassrls"));
        }
    }

    /** Taking the power away again, and a grant of the service role to another role, are safe. */
    static final class V4__Service_role_restricted extends Seeded {
        V4__Service_role_restricted() {
            super(false, step("alter role queue_app nobypassrls nosuperuser", "grant queue_app to queue_maintenance",
                    "alter role queue_app set statement_timeout = '5s'", "alter role queue_app password 'superuser bypassrls'"));
        }
    }

    static final class V4__Grant_select extends Seeded {
        V4__Grant_select() {
            super(false, step("grant select on jobs to queue_app"));
        }
    }

    static final class V4__Do_block extends Seeded {
        V4__Do_block() {
            super(false, step("do $$ begin create index jobs_x on jobs (type); end $$"));
        }
    }

    static final class V4__Unknown_statement extends Seeded {
        V4__Unknown_statement() {
            super(false, step("import foreign schema reporting from server reports into public"));
        }
    }

    static final class V4__Vacuum_full extends Seeded {
        V4__Vacuum_full() {
            super(true, autocommit("vacuum (full, analyze) jobs"));
        }
    }

    static final class V4__Cluster_using extends Seeded {
        V4__Cluster_using() {
            super(true, autocommit("cluster jobs using jobs_claim_idx"));
        }
    }

    /** The older spelling, index first. */
    static final class V4__Cluster_on extends Seeded {
        V4__Cluster_on() {
            super(true, autocommit("CLUSTER jobs_claim_idx ON jobs"));
        }
    }

    static final class V4__Analyze extends Seeded {
        V4__Analyze() {
            super(true, autocommit("analyze jobs"));
        }
    }

    static final class V4__Reindex extends Seeded {
        V4__Reindex() {
            super(false, step("reindex index jobs_claim_idx"));
        }
    }

    static final class V4__Reindex_concurrently extends Seeded {
        V4__Reindex_concurrently() {
            super(true, autocommit("reindex index concurrently jobs_claim_idx"));
        }
    }

    static final class V4__Detach_partition extends Seeded {
        V4__Detach_partition() {
            super(false, step("alter table jobs detach partition jobs_2024"));
        }
    }

    static final class V4__Detach_partition_concurrently extends Seeded {
        V4__Detach_partition_concurrently() {
            super(true, autocommit("alter table jobs detach partition jobs_2024 concurrently"));
        }
    }

    static final class V4__Truncate_cascade extends Seeded {
        V4__Truncate_cascade() {
            super(false, step("truncate table jobs cascade"));
        }
    }

    static final class V4__Delete_in_batches extends Seeded {
        V4__Delete_in_batches() {
            super(true, step("delete from jobs where id in (select id from jobs where status = 'completed' limit 1000)"));
        }
    }

    static final class V4__Domain_constraint extends Seeded {
        V4__Domain_constraint() {
            super(false, step("alter domain attempts_count add constraint attempts_positive check (value >= 0)"));
        }
    }

    static final class V4__Domain_constraint_not_valid extends Seeded {
        V4__Domain_constraint_not_valid() {
            super(false, step("alter domain attempts_count add constraint attempts_positive check (value >= 0) not valid"));
        }
    }

    /** A column of a domain with a CHECK: PostgreSQL rewrites the table to check every row's value, NULL included. */
    static final class V4__Column_of_constrained_domain extends Seeded {
        V4__Column_of_constrained_domain() {
            super(false, step("create domain attempts_count as integer check (value >= 0)"),
                    step("alter table jobs add column retries attempts_count"));
        }
    }

    static final class V4__Column_of_plain_domain extends Seeded {
        V4__Column_of_plain_domain() {
            super(false, step("create domain attempts_count as integer"), step("alter table jobs add column retries attempts_count"));
        }
    }

    static final class V4__Drop_schema extends Seeded {
        V4__Drop_schema() {
            super(false, step("drop schema if exists reporting"));
        }
    }

    static final class V4__Drop_database extends Seeded {
        V4__Drop_database() {
            super(true, autocommit("DROP DATABASE queue_old"));
        }
    }

    static final class V4__Set_unlogged extends Seeded {
        V4__Set_unlogged() {
            super(false, step("alter table jobs set unlogged"));
        }
    }

    static final class V4__User_function_default extends Seeded {
        V4__User_function_default() {
            super(false, step("create function next_reference() returns text language sql as $$ select md5(random()::text) $$"),
                    step("alter table jobs add column reference text default next_reference()"));
        }
    }

    static final class V4__Immutable_function_default extends Seeded {
        V4__Immutable_function_default() {
            super(false, step("create function default_reference() returns text language sql immutable as $body$ select 'none' $body$"),
                    step("alter table jobs add column reference text default default_reference()"));
        }
    }

    static final class V4__Commit_inside extends Seeded {
        V4__Commit_inside() {
            super(false, step("alter table jobs add column note text", "commit"));
        }
    }

    static final class V4__Column_added extends Seeded {
        V4__Column_added() {
            super(false, step("alter table jobs add column note text"));
        }
    }

    static final class V4__Delete_every_row extends Seeded {
        V4__Delete_every_row() {
            super(true, step("delete from jobs"));
        }
    }

    /** The WHERE of the sub-select is not the UPDATE's: every row is still updated. */
    static final class V4__Update_every_row extends Seeded {
        V4__Update_every_row() {
            super(true, step("update jobs set max_attempts = (select 3 where true)"));
        }
    }

    static final class V4__Replica_role extends Seeded {
        V4__Replica_role() {
            super(false, step("set session_replication_role = replica", "alter table jobs add column note text"));
        }
    }

    static final class V4__Replica_role_for_the_service extends Seeded {
        V4__Replica_role_for_the_service() {
            super(false, step("alter role queue_app set session_replication_role to 'replica'"));
        }
    }

    static final class V4__Origin_role extends Seeded {
        V4__Origin_role() {
            super(false, step("set session_replication_role to default", "alter table jobs add column note text"));
        }
    }

    static final class V4__Disable_trigger_all extends Seeded {
        V4__Disable_trigger_all() {
            super(false, step("alter table jobs disable trigger all"));
        }
    }

    static final class V4__Enable_trigger extends Seeded {
        V4__Enable_trigger() {
            super(false, step("alter table jobs enable trigger jobs_set_updated_at"));
        }
    }

    static final class V4__Lock_table extends Seeded {
        V4__Lock_table() {
            super(false, step("lock table jobs in share row exclusive mode", "alter table jobs add column note text"));
        }
    }

    static final class V4__Sleep extends Seeded {
        V4__Sleep() {
            super(false, step("alter table jobs add column note text", "select pg_sleep(30)"));
        }
    }

    static final class V4__Drop_function_cascade extends Seeded {
        V4__Drop_function_cascade() {
            super(false, step("drop function set_updated_at() cascade"));
        }
    }

    static final class V4__Drop_trigger_by_name extends Seeded {
        V4__Drop_trigger_by_name() {
            super(false, step("drop trigger if exists jobs_set_updated_at on jobs"));
        }
    }

    /** The first release of the two-release NOT NULL: a CHECK that binds new rows only. */
    static final class V4__Error_check_not_valid extends Seeded {
        V4__Error_check_not_valid() {
            super(false, step("alter table jobs add constraint jobs_error_not_null check (error is not null) not valid"));
        }
    }

    /** The second release: VALIDATE (SHARE UPDATE EXCLUSIVE) then SET NOT NULL, which the validated CHECK spares its scan. */
    static final class V5__Error_validated_and_set_not_null extends Seeded {
        V5__Error_validated_and_set_not_null() {
            super(true, step("alter table jobs validate constraint jobs_error_not_null"),
                    step("alter table jobs alter column error set not null"),
                    step("alter table jobs drop constraint jobs_error_not_null"));
        }
    }

    static final class V4__Policy_with_sub_select extends Seeded {
        V4__Policy_with_sub_select() {
            super(false, step("create policy jobs_sub_select on jobs for all to public using (" + SUB_SELECT_TENANT + ") with check ("
                    + SUB_SELECT_TENANT + ")"));
        }
    }

    static final class V4__Policy_with_exists extends Seeded {
        V4__Policy_with_exists() {
            super(false, step("create policy jobs_known_tenant on jobs for all to queue_maintenance "
                    + "using (exists (select 1 from tenants t where t.id = tenant_id))"));
        }
    }

    static final class V4__Tenant_table_keyed_by_id extends Seeded {
        V4__Tenant_table_keyed_by_id() {
            super(false, step("create table notes (id uuid primary key, tenant_id uuid not null references tenants (id))",
                    "alter table notes enable row level security", "alter table notes force row level security"));
        }
    }

    static final class V4__Unique_index_without_tenant_id extends Seeded {
        V4__Unique_index_without_tenant_id() {
            super(true, autocommit("create unique index concurrently if not exists jobs_id_key on jobs (id)"));
        }
    }

    static final class V4__Unique_index_including_tenant_id extends Seeded {
        V4__Unique_index_including_tenant_id() {
            super(true, autocommit("create unique index concurrently if not exists jobs_id_key on jobs (id) include (tenant_id)"));
        }
    }

    static final class V4__Unique_index_led_by_tenant_id extends Seeded {
        V4__Unique_index_led_by_tenant_id() {
            super(true, autocommit("create unique index concurrently if not exists jobs_tenant_id_queue_type_key on jobs (tenant_id desc, queue, type)"));
        }
    }

    static final class V4__Column_and_constraint_in_one_alter extends Seeded {
        V4__Column_and_constraint_in_one_alter() {
            super(false, step("alter table jobs add column priority int, add constraint jobs_priority_check check (priority >= 0) not valid"));
        }
    }

    static final class V4__Column_and_constraint_apart extends Seeded {
        V4__Column_and_constraint_apart() {
            super(false, step("alter table jobs add column priority int",
                    "alter table jobs add constraint jobs_priority_check check (priority >= 0) not valid"));
        }
    }

    /** The key swap of V4's OnlineDdl.movePrimaryKey, in one statement. */
    static final class V4__Key_swapped_in_one_alter extends Seeded {
        V4__Key_swapped_in_one_alter() {
            super(false, step("alter table jobs drop constraint jobs_pkey, add constraint jobs_pkey primary key using index jobs_tenant_id_id_idx"));
        }
    }

    static final class V4__Unnamed_inline_check_beside_another_column extends Seeded {
        V4__Unnamed_inline_check_beside_another_column() {
            super(false, step(NOTES, "alter table notes enable row level security", "alter table notes force row level security",
                    "alter table notes add column weight int check (weight >= 0), add column size int"));
        }
    }

    static final class V4__Named_inline_reference_beside_another_column extends Seeded {
        V4__Named_inline_reference_beside_another_column() {
            super(false, step(NOTES, "alter table notes enable row level security", "alter table notes force row level security",
                    "alter table notes add column owner_id uuid constraint notes_owner_fk references tenants (id), add column size int"));
        }
    }

    static final class V4__Named_inline_check_beside_another_column extends Seeded {
        V4__Named_inline_check_beside_another_column() {
            super(false, step(NOTES, "alter table notes enable row level security", "alter table notes force row level security",
                    "alter table notes add column weight int constraint notes_weight_check check (weight >= 0), add column size int, "
                            + "alter column size set default 0"));
        }
    }

    static final class V4__Restrictive_policy extends Seeded {
        V4__Restrictive_policy() {
            super(false, step("create policy jobs_not_hidden on jobs as restrictive for all to public using (queue <> 'hidden')"));
        }
    }

    static final class V4__Restriction_in_the_tenant_policy extends Seeded {
        V4__Restriction_in_the_tenant_policy() {
            super(false, step("create policy jobs_open on jobs for all to public using (" + TENANT + " and queue <> 'hidden') with check ("
                    + TENANT + " and queue <> 'hidden')"));
        }
    }

    /** A table without tenant_id: not a tenant table, so Citus does not hold it. */
    static final class V4__Local_table_keyed_and_altered extends Seeded {
        V4__Local_table_keyed_and_altered() {
            super(false, step("create table job_kinds (code text primary key, label text unique)",
                    "alter table job_kinds enable row level security", "alter table job_kinds force row level security",
                    "alter table job_kinds add column weight int check (weight >= 0), add constraint job_kinds_label_check check (label <> '')",
                    "create policy job_kinds_open on job_kinds as restrictive for all to public using (label in (select type from jobs))"));
        }
    }
}
