-- tenant policy of queues without a sub-select
alter policy "queues_tenant_isolation" on "queues" using ("tenant_id" = cast(nullif("current_setting"('app.current_tenant', true), '') as uuid)) with check ("tenant_id" = cast(nullif("current_setting"('app.current_tenant', true), '') as uuid));
-- tenant policy of jobs without a sub-select
alter policy "jobs_tenant_isolation" on "jobs" using ("tenant_id" = cast(nullif("current_setting"('app.current_tenant', true), '') as uuid)) with check ("tenant_id" = cast(nullif("current_setting"('app.current_tenant', true), '') as uuid));
-- tenant policy of schedules without a sub-select
alter policy "schedules_tenant_isolation" on "schedules" using ("tenant_id" = cast(nullif("current_setting"('app.current_tenant', true), '') as uuid)) with check ("tenant_id" = cast(nullif("current_setting"('app.current_tenant', true), '') as uuid));
-- tenant policy of rate_limits without a sub-select
alter policy "rate_limits_tenant_isolation" on "rate_limits" using ("tenant_id" = cast(nullif("current_setting"('app.current_tenant', true), '') as uuid)) with check ("tenant_id" = cast(nullif("current_setting"('app.current_tenant', true), '') as uuid));
-- tenant policy of critical_jobs without a sub-select
alter policy "critical_jobs_tenant_isolation" on "critical_jobs" using ("tenant_id" = cast(nullif("current_setting"('app.current_tenant', true), '') as uuid)) with check ("tenant_id" = cast(nullif("current_setting"('app.current_tenant', true), '') as uuid));
-- tenant policy of queue_metrics without a sub-select
alter policy "queue_metrics_tenant_isolation" on "queue_metrics" using ("tenant_id" = cast(nullif("current_setting"('app.current_tenant', true), '') as uuid)) with check ("tenant_id" = cast(nullif("current_setting"('app.current_tenant', true), '') as uuid));
-- tenant policy of idempotency_keys without a sub-select
alter policy "idempotency_keys_tenant_isolation" on "idempotency_keys" using ("tenant_id" = cast(nullif("current_setting"('app.current_tenant', true), '') as uuid)) with check ("tenant_id" = cast(nullif("current_setting"('app.current_tenant', true), '') as uuid));
-- tenant policy of rate_limiters without a sub-select
alter policy "rate_limiters_tenant_isolation" on "rate_limiters" using ("tenant_id" = cast(nullif("current_setting"('app.current_tenant', true), '') as uuid)) with check ("tenant_id" = cast(nullif("current_setting"('app.current_tenant', true), '') as uuid));
-- tenant policy of alert_history without a sub-select
alter policy "alert_history_tenant_isolation" on "alert_history" using ("tenant_id" = cast(nullif("current_setting"('app.current_tenant', true), '') as uuid)) with check ("tenant_id" = cast(nullif("current_setting"('app.current_tenant', true), '') as uuid));
-- tenant policy of dead_letter_jobs without a sub-select
alter policy "dead_letter_jobs_tenant_isolation" on "dead_letter_jobs" using ("tenant_id" = cast(nullif("current_setting"('app.current_tenant', true), '') as uuid)) with check ("tenant_id" = cast(nullif("current_setting"('app.current_tenant', true), '') as uuid));
-- drop index queues_tenant_id_id_idx if an interrupted run left it invalid
-- only if exists (select 1 as "one" from "pg_index" where ("indexrelid" = "to_regclass"('queues_tenant_id_id_idx') and not ("indisvalid")))
drop index concurrently if exists "queues_tenant_id_id_idx";
-- create unique index queues_tenant_id_id_idx concurrently, to become the key (tenant_id, id)
-- only if exists (select 1 as "one" from "pg_constraint" where ("conrelid" = "to_regclass"('queues') and "conname" = 'queues_pkey' and "pg_get_constraintdef"("oid") <> 'PRIMARY KEY (tenant_id, id)'))
create unique index concurrently if not exists "queues_tenant_id_id_idx" on "queues" ("tenant_id", "id");
-- primary key queues_pkey of queues on (tenant_id, id) using index queues_tenant_id_id_idx
-- only if (exists (select 1 as "one" from "pg_constraint" where ("conrelid" = "to_regclass"('queues') and "conname" = 'queues_pkey' and "pg_get_constraintdef"("oid") <> 'PRIMARY KEY (tenant_id, id)')) and "to_regclass"('queues_tenant_id_id_idx') is not null)
alter table "queues" drop constraint "queues_pkey", add constraint "queues_pkey" primary key using index "queues_tenant_id_id_idx";
-- drop index jobs_tenant_id_id_idx if an interrupted run left it invalid
-- only if exists (select 1 as "one" from "pg_index" where ("indexrelid" = "to_regclass"('jobs_tenant_id_id_idx') and not ("indisvalid")))
drop index concurrently if exists "jobs_tenant_id_id_idx";
-- create unique index jobs_tenant_id_id_idx concurrently, to become the key (tenant_id, id)
-- only if exists (select 1 as "one" from "pg_constraint" where ("conrelid" = "to_regclass"('jobs') and "conname" = 'jobs_pkey' and "pg_get_constraintdef"("oid") <> 'PRIMARY KEY (tenant_id, id)'))
create unique index concurrently if not exists "jobs_tenant_id_id_idx" on "jobs" ("tenant_id", "id");
-- primary key jobs_pkey of jobs on (tenant_id, id) using index jobs_tenant_id_id_idx
-- only if (exists (select 1 as "one" from "pg_constraint" where ("conrelid" = "to_regclass"('jobs') and "conname" = 'jobs_pkey' and "pg_get_constraintdef"("oid") <> 'PRIMARY KEY (tenant_id, id)')) and "to_regclass"('jobs_tenant_id_id_idx') is not null)
alter table "jobs" drop constraint "jobs_pkey", add constraint "jobs_pkey" primary key using index "jobs_tenant_id_id_idx";
-- drop index schedules_tenant_id_id_idx if an interrupted run left it invalid
-- only if exists (select 1 as "one" from "pg_index" where ("indexrelid" = "to_regclass"('schedules_tenant_id_id_idx') and not ("indisvalid")))
drop index concurrently if exists "schedules_tenant_id_id_idx";
-- create unique index schedules_tenant_id_id_idx concurrently, to become the key (tenant_id, id)
-- only if exists (select 1 as "one" from "pg_constraint" where ("conrelid" = "to_regclass"('schedules') and "conname" = 'schedules_pkey' and "pg_get_constraintdef"("oid") <> 'PRIMARY KEY (tenant_id, id)'))
create unique index concurrently if not exists "schedules_tenant_id_id_idx" on "schedules" ("tenant_id", "id");
-- primary key schedules_pkey of schedules on (tenant_id, id) using index schedules_tenant_id_id_idx
-- only if (exists (select 1 as "one" from "pg_constraint" where ("conrelid" = "to_regclass"('schedules') and "conname" = 'schedules_pkey' and "pg_get_constraintdef"("oid") <> 'PRIMARY KEY (tenant_id, id)')) and "to_regclass"('schedules_tenant_id_id_idx') is not null)
alter table "schedules" drop constraint "schedules_pkey", add constraint "schedules_pkey" primary key using index "schedules_tenant_id_id_idx";
-- drop index rate_limits_tenant_id_id_idx if an interrupted run left it invalid
-- only if exists (select 1 as "one" from "pg_index" where ("indexrelid" = "to_regclass"('rate_limits_tenant_id_id_idx') and not ("indisvalid")))
drop index concurrently if exists "rate_limits_tenant_id_id_idx";
-- create unique index rate_limits_tenant_id_id_idx concurrently, to become the key (tenant_id, id)
-- only if exists (select 1 as "one" from "pg_constraint" where ("conrelid" = "to_regclass"('rate_limits') and "conname" = 'rate_limits_pkey' and "pg_get_constraintdef"("oid") <> 'PRIMARY KEY (tenant_id, id)'))
create unique index concurrently if not exists "rate_limits_tenant_id_id_idx" on "rate_limits" ("tenant_id", "id");
-- primary key rate_limits_pkey of rate_limits on (tenant_id, id) using index rate_limits_tenant_id_id_idx
-- only if (exists (select 1 as "one" from "pg_constraint" where ("conrelid" = "to_regclass"('rate_limits') and "conname" = 'rate_limits_pkey' and "pg_get_constraintdef"("oid") <> 'PRIMARY KEY (tenant_id, id)')) and "to_regclass"('rate_limits_tenant_id_id_idx') is not null)
alter table "rate_limits" drop constraint "rate_limits_pkey", add constraint "rate_limits_pkey" primary key using index "rate_limits_tenant_id_id_idx";
-- drop index critical_jobs_tenant_id_id_idx if an interrupted run left it invalid
-- only if exists (select 1 as "one" from "pg_index" where ("indexrelid" = "to_regclass"('critical_jobs_tenant_id_id_idx') and not ("indisvalid")))
drop index concurrently if exists "critical_jobs_tenant_id_id_idx";
-- create unique index critical_jobs_tenant_id_id_idx concurrently, to become the key (tenant_id, id)
-- only if exists (select 1 as "one" from "pg_constraint" where ("conrelid" = "to_regclass"('critical_jobs') and "conname" = 'critical_jobs_pkey' and "pg_get_constraintdef"("oid") <> 'PRIMARY KEY (tenant_id, id)'))
create unique index concurrently if not exists "critical_jobs_tenant_id_id_idx" on "critical_jobs" ("tenant_id", "id");
-- primary key critical_jobs_pkey of critical_jobs on (tenant_id, id) using index critical_jobs_tenant_id_id_idx
-- only if (exists (select 1 as "one" from "pg_constraint" where ("conrelid" = "to_regclass"('critical_jobs') and "conname" = 'critical_jobs_pkey' and "pg_get_constraintdef"("oid") <> 'PRIMARY KEY (tenant_id, id)')) and "to_regclass"('critical_jobs_tenant_id_id_idx') is not null)
alter table "critical_jobs" drop constraint "critical_jobs_pkey", add constraint "critical_jobs_pkey" primary key using index "critical_jobs_tenant_id_id_idx";
-- drop index queue_metrics_tenant_id_id_idx if an interrupted run left it invalid
-- only if exists (select 1 as "one" from "pg_index" where ("indexrelid" = "to_regclass"('queue_metrics_tenant_id_id_idx') and not ("indisvalid")))
drop index concurrently if exists "queue_metrics_tenant_id_id_idx";
-- create unique index queue_metrics_tenant_id_id_idx concurrently, to become the key (tenant_id, id)
-- only if exists (select 1 as "one" from "pg_constraint" where ("conrelid" = "to_regclass"('queue_metrics') and "conname" = 'queue_metrics_pkey' and "pg_get_constraintdef"("oid") <> 'PRIMARY KEY (tenant_id, id)'))
create unique index concurrently if not exists "queue_metrics_tenant_id_id_idx" on "queue_metrics" ("tenant_id", "id");
-- primary key queue_metrics_pkey of queue_metrics on (tenant_id, id) using index queue_metrics_tenant_id_id_idx
-- only if (exists (select 1 as "one" from "pg_constraint" where ("conrelid" = "to_regclass"('queue_metrics') and "conname" = 'queue_metrics_pkey' and "pg_get_constraintdef"("oid") <> 'PRIMARY KEY (tenant_id, id)')) and "to_regclass"('queue_metrics_tenant_id_id_idx') is not null)
alter table "queue_metrics" drop constraint "queue_metrics_pkey", add constraint "queue_metrics_pkey" primary key using index "queue_metrics_tenant_id_id_idx";
-- drop index idempotency_keys_tenant_id_id_idx if an interrupted run left it invalid
-- only if exists (select 1 as "one" from "pg_index" where ("indexrelid" = "to_regclass"('idempotency_keys_tenant_id_id_idx') and not ("indisvalid")))
drop index concurrently if exists "idempotency_keys_tenant_id_id_idx";
-- create unique index idempotency_keys_tenant_id_id_idx concurrently, to become the key (tenant_id, id)
-- only if exists (select 1 as "one" from "pg_constraint" where ("conrelid" = "to_regclass"('idempotency_keys') and "conname" = 'idempotency_keys_pkey' and "pg_get_constraintdef"("oid") <> 'PRIMARY KEY (tenant_id, id)'))
create unique index concurrently if not exists "idempotency_keys_tenant_id_id_idx" on "idempotency_keys" ("tenant_id", "id");
-- primary key idempotency_keys_pkey of idempotency_keys on (tenant_id, id) using index idempotency_keys_tenant_id_id_idx
-- only if (exists (select 1 as "one" from "pg_constraint" where ("conrelid" = "to_regclass"('idempotency_keys') and "conname" = 'idempotency_keys_pkey' and "pg_get_constraintdef"("oid") <> 'PRIMARY KEY (tenant_id, id)')) and "to_regclass"('idempotency_keys_tenant_id_id_idx') is not null)
alter table "idempotency_keys" drop constraint "idempotency_keys_pkey", add constraint "idempotency_keys_pkey" primary key using index "idempotency_keys_tenant_id_id_idx";
-- drop index rate_limiters_tenant_id_id_idx if an interrupted run left it invalid
-- only if exists (select 1 as "one" from "pg_index" where ("indexrelid" = "to_regclass"('rate_limiters_tenant_id_id_idx') and not ("indisvalid")))
drop index concurrently if exists "rate_limiters_tenant_id_id_idx";
-- create unique index rate_limiters_tenant_id_id_idx concurrently, to become the key (tenant_id, id)
-- only if exists (select 1 as "one" from "pg_constraint" where ("conrelid" = "to_regclass"('rate_limiters') and "conname" = 'rate_limiters_pkey' and "pg_get_constraintdef"("oid") <> 'PRIMARY KEY (tenant_id, id)'))
create unique index concurrently if not exists "rate_limiters_tenant_id_id_idx" on "rate_limiters" ("tenant_id", "id");
-- primary key rate_limiters_pkey of rate_limiters on (tenant_id, id) using index rate_limiters_tenant_id_id_idx
-- only if (exists (select 1 as "one" from "pg_constraint" where ("conrelid" = "to_regclass"('rate_limiters') and "conname" = 'rate_limiters_pkey' and "pg_get_constraintdef"("oid") <> 'PRIMARY KEY (tenant_id, id)')) and "to_regclass"('rate_limiters_tenant_id_id_idx') is not null)
alter table "rate_limiters" drop constraint "rate_limiters_pkey", add constraint "rate_limiters_pkey" primary key using index "rate_limiters_tenant_id_id_idx";
-- drop index alert_history_tenant_id_id_idx if an interrupted run left it invalid
-- only if exists (select 1 as "one" from "pg_index" where ("indexrelid" = "to_regclass"('alert_history_tenant_id_id_idx') and not ("indisvalid")))
drop index concurrently if exists "alert_history_tenant_id_id_idx";
-- create unique index alert_history_tenant_id_id_idx concurrently, to become the key (tenant_id, id)
-- only if exists (select 1 as "one" from "pg_constraint" where ("conrelid" = "to_regclass"('alert_history') and "conname" = 'alert_history_pkey' and "pg_get_constraintdef"("oid") <> 'PRIMARY KEY (tenant_id, id)'))
create unique index concurrently if not exists "alert_history_tenant_id_id_idx" on "alert_history" ("tenant_id", "id");
-- primary key alert_history_pkey of alert_history on (tenant_id, id) using index alert_history_tenant_id_id_idx
-- only if (exists (select 1 as "one" from "pg_constraint" where ("conrelid" = "to_regclass"('alert_history') and "conname" = 'alert_history_pkey' and "pg_get_constraintdef"("oid") <> 'PRIMARY KEY (tenant_id, id)')) and "to_regclass"('alert_history_tenant_id_id_idx') is not null)
alter table "alert_history" drop constraint "alert_history_pkey", add constraint "alert_history_pkey" primary key using index "alert_history_tenant_id_id_idx";
-- drop index dead_letter_jobs_tenant_id_id_idx if an interrupted run left it invalid
-- only if exists (select 1 as "one" from "pg_index" where ("indexrelid" = "to_regclass"('dead_letter_jobs_tenant_id_id_idx') and not ("indisvalid")))
drop index concurrently if exists "dead_letter_jobs_tenant_id_id_idx";
-- create unique index dead_letter_jobs_tenant_id_id_idx concurrently, to become the key (tenant_id, id)
-- only if exists (select 1 as "one" from "pg_constraint" where ("conrelid" = "to_regclass"('dead_letter_jobs') and "conname" = 'dead_letter_jobs_pkey' and "pg_get_constraintdef"("oid") <> 'PRIMARY KEY (tenant_id, id)'))
create unique index concurrently if not exists "dead_letter_jobs_tenant_id_id_idx" on "dead_letter_jobs" ("tenant_id", "id");
-- primary key dead_letter_jobs_pkey of dead_letter_jobs on (tenant_id, id) using index dead_letter_jobs_tenant_id_id_idx
-- only if (exists (select 1 as "one" from "pg_constraint" where ("conrelid" = "to_regclass"('dead_letter_jobs') and "conname" = 'dead_letter_jobs_pkey' and "pg_get_constraintdef"("oid") <> 'PRIMARY KEY (tenant_id, id)')) and "to_regclass"('dead_letter_jobs_tenant_id_id_idx') is not null)
alter table "dead_letter_jobs" drop constraint "dead_letter_jobs_pkey", add constraint "dead_letter_jobs_pkey" primary key using index "dead_letter_jobs_tenant_id_id_idx";
-- default of jobs.scheduled_for
alter table "jobs" alter "scheduled_for" set default cast(current_timestamp as timestamp with time zone);
-- admit the migrating login to every row of jobs for the backfill
-- only if not exists (select 1 as "one" from "pg_policy" where ("polrelid" = "to_regclass"('jobs') and "polname" = 'jobs_scheduled_for_backfill'))
create policy "jobs_scheduled_for_backfill" on "jobs" as permissive for all to current_user using (true) with check (true);
-- NULL jobs.scheduled_for filled in batches of 1000 pages
-- only if exists (select 1 as "one" from "jobs" where "scheduled_for" is null)
do 'declare first_page bigint; last_page bigint; pass integer := 0; begin while exists (select 1 as "one" from "jobs" where "scheduled_for" is null) loop pass := pass + 1; if pass > 5 then raise exception ''jobs.scheduled_for still has NULLs after 5 passes: something keeps writing NULL into it''; end if; last_page := pg_relation_size(''jobs''::regclass) / current_setting(''block_size'')::bigint; first_page := 0; while first_page <= last_page loop update "jobs" set "scheduled_for" = "created_at" where ((ctid >= format(''(%s,0)'', "first_page")::tid and ctid < format(''(%s,0)'', ("first_page" + 1000))::tid) and "scheduled_for" is null); commit; first_page := first_page + 1000; end loop; end loop; end';
-- drop the backfill's policy on jobs
drop policy if exists "jobs_scheduled_for_backfill" on "jobs";
-- add constraint jobs_scheduled_for_not_null not valid
-- only if not exists (select 1 as "one" from "pg_constraint" where ("conrelid" = "to_regclass"('jobs') and "conname" = 'jobs_scheduled_for_not_null'))
alter table "jobs" add constraint "jobs_scheduled_for_not_null" check ("scheduled_for" is not null) not valid;
-- validate constraint jobs_scheduled_for_not_null
alter table "jobs" validate constraint "jobs_scheduled_for_not_null";
-- set not null jobs.scheduled_for
alter table "jobs" alter "scheduled_for" set not null;
-- drop the helper check
alter table "jobs" drop constraint if exists "jobs_scheduled_for_not_null";
-- comment on column jobs.scheduled_for
comment on column "jobs"."scheduled_for" is 'When the job becomes due; by default when it is created.';
