-- create role queue_app
-- only if not exists (select 1 as "one" from "pg_roles" where "rolname" = 'queue_app')
create role "queue_app" nologin;
comment on role "queue_app" is 'Created by queue-schema; dropped by its rollback when nothing depends on it.';
-- create role queue_maintenance
-- only if not exists (select 1 as "one" from "pg_roles" where "rolname" = 'queue_maintenance')
create role "queue_maintenance" nologin;
comment on role "queue_maintenance" is 'Created by queue-schema; dropped by its rollback when nothing depends on it.';
-- row-level security, policies and grants on queues
alter table "queues" enable row level security;
alter table "queues" force row level security;
drop policy if exists "queues_tenant_isolation" on "queues";
create policy "queues_tenant_isolation" on "queues" as permissive for all to public using ("tenant_id" = (select cast(nullif("current_setting"('app.current_tenant', true), '') as uuid))) with check ("tenant_id" = (select cast(nullif("current_setting"('app.current_tenant', true), '') as uuid)));
drop policy if exists "queues_maintenance" on "queues";
create policy "queues_maintenance" on "queues" as permissive for all to "queue_maintenance" using (true) with check (true);
grant select, insert, update, delete on "queues" to "queue_app";
grant select, insert, update, delete on "queues" to "queue_maintenance";
-- row-level security, policies and grants on jobs
alter table "jobs" enable row level security;
alter table "jobs" force row level security;
drop policy if exists "jobs_tenant_isolation" on "jobs";
create policy "jobs_tenant_isolation" on "jobs" as permissive for all to public using ("tenant_id" = (select cast(nullif("current_setting"('app.current_tenant', true), '') as uuid))) with check ("tenant_id" = (select cast(nullif("current_setting"('app.current_tenant', true), '') as uuid)));
drop policy if exists "jobs_maintenance" on "jobs";
create policy "jobs_maintenance" on "jobs" as permissive for all to "queue_maintenance" using (true) with check (true);
grant select, insert, update, delete on "jobs" to "queue_app";
grant select, insert, update, delete on "jobs" to "queue_maintenance";
-- row-level security, policies and grants on schedules
alter table "schedules" enable row level security;
alter table "schedules" force row level security;
drop policy if exists "schedules_tenant_isolation" on "schedules";
create policy "schedules_tenant_isolation" on "schedules" as permissive for all to public using ("tenant_id" = (select cast(nullif("current_setting"('app.current_tenant', true), '') as uuid))) with check ("tenant_id" = (select cast(nullif("current_setting"('app.current_tenant', true), '') as uuid)));
drop policy if exists "schedules_maintenance" on "schedules";
create policy "schedules_maintenance" on "schedules" as permissive for all to "queue_maintenance" using (true) with check (true);
grant select, insert, update, delete on "schedules" to "queue_app";
grant select, insert, update, delete on "schedules" to "queue_maintenance";
-- row-level security, policies and grants on rate_limits
alter table "rate_limits" enable row level security;
alter table "rate_limits" force row level security;
drop policy if exists "rate_limits_tenant_isolation" on "rate_limits";
create policy "rate_limits_tenant_isolation" on "rate_limits" as permissive for all to public using ("tenant_id" = (select cast(nullif("current_setting"('app.current_tenant', true), '') as uuid))) with check ("tenant_id" = (select cast(nullif("current_setting"('app.current_tenant', true), '') as uuid)));
drop policy if exists "rate_limits_maintenance" on "rate_limits";
create policy "rate_limits_maintenance" on "rate_limits" as permissive for all to "queue_maintenance" using (true) with check (true);
grant select, insert, update, delete on "rate_limits" to "queue_app";
grant select, insert, update, delete on "rate_limits" to "queue_maintenance";
-- row-level security, policies and grants on critical_jobs
alter table "critical_jobs" enable row level security;
alter table "critical_jobs" force row level security;
drop policy if exists "critical_jobs_tenant_isolation" on "critical_jobs";
create policy "critical_jobs_tenant_isolation" on "critical_jobs" as permissive for all to public using ("tenant_id" = (select cast(nullif("current_setting"('app.current_tenant', true), '') as uuid))) with check ("tenant_id" = (select cast(nullif("current_setting"('app.current_tenant', true), '') as uuid)));
drop policy if exists "critical_jobs_maintenance" on "critical_jobs";
create policy "critical_jobs_maintenance" on "critical_jobs" as permissive for all to "queue_maintenance" using (true) with check (true);
grant select, insert, update, delete on "critical_jobs" to "queue_app";
grant select, insert, update, delete on "critical_jobs" to "queue_maintenance";
-- row-level security, policies and grants on queue_metrics
alter table "queue_metrics" enable row level security;
alter table "queue_metrics" force row level security;
drop policy if exists "queue_metrics_tenant_isolation" on "queue_metrics";
create policy "queue_metrics_tenant_isolation" on "queue_metrics" as permissive for all to public using ("tenant_id" = (select cast(nullif("current_setting"('app.current_tenant', true), '') as uuid))) with check ("tenant_id" = (select cast(nullif("current_setting"('app.current_tenant', true), '') as uuid)));
drop policy if exists "queue_metrics_maintenance" on "queue_metrics";
create policy "queue_metrics_maintenance" on "queue_metrics" as permissive for all to "queue_maintenance" using (true) with check (true);
grant select, insert, update, delete on "queue_metrics" to "queue_app";
grant select, insert, update, delete on "queue_metrics" to "queue_maintenance";
-- row-level security, policies and grants on idempotency_keys
alter table "idempotency_keys" enable row level security;
alter table "idempotency_keys" force row level security;
drop policy if exists "idempotency_keys_tenant_isolation" on "idempotency_keys";
create policy "idempotency_keys_tenant_isolation" on "idempotency_keys" as permissive for all to public using ("tenant_id" = (select cast(nullif("current_setting"('app.current_tenant', true), '') as uuid))) with check ("tenant_id" = (select cast(nullif("current_setting"('app.current_tenant', true), '') as uuid)));
drop policy if exists "idempotency_keys_maintenance" on "idempotency_keys";
create policy "idempotency_keys_maintenance" on "idempotency_keys" as permissive for all to "queue_maintenance" using (true) with check (true);
grant select, insert, update, delete on "idempotency_keys" to "queue_app";
grant select, insert, update, delete on "idempotency_keys" to "queue_maintenance";
-- row-level security, policies and grants on rate_limiters
alter table "rate_limiters" enable row level security;
alter table "rate_limiters" force row level security;
drop policy if exists "rate_limiters_tenant_isolation" on "rate_limiters";
create policy "rate_limiters_tenant_isolation" on "rate_limiters" as permissive for all to public using ("tenant_id" = (select cast(nullif("current_setting"('app.current_tenant', true), '') as uuid))) with check ("tenant_id" = (select cast(nullif("current_setting"('app.current_tenant', true), '') as uuid)));
drop policy if exists "rate_limiters_maintenance" on "rate_limiters";
create policy "rate_limiters_maintenance" on "rate_limiters" as permissive for all to "queue_maintenance" using (true) with check (true);
grant select, insert, update, delete on "rate_limiters" to "queue_app";
grant select, insert, update, delete on "rate_limiters" to "queue_maintenance";
-- row-level security, policies and grants on alert_history
alter table "alert_history" enable row level security;
alter table "alert_history" force row level security;
drop policy if exists "alert_history_tenant_isolation" on "alert_history";
create policy "alert_history_tenant_isolation" on "alert_history" as permissive for all to public using ("tenant_id" = (select cast(nullif("current_setting"('app.current_tenant', true), '') as uuid))) with check ("tenant_id" = (select cast(nullif("current_setting"('app.current_tenant', true), '') as uuid)));
drop policy if exists "alert_history_maintenance" on "alert_history";
create policy "alert_history_maintenance" on "alert_history" as permissive for all to "queue_maintenance" using (true) with check (true);
grant select, insert, update, delete on "alert_history" to "queue_app";
grant select, insert, update, delete on "alert_history" to "queue_maintenance";
-- row-level security, policies and grants on dead_letter_jobs
alter table "dead_letter_jobs" enable row level security;
alter table "dead_letter_jobs" force row level security;
drop policy if exists "dead_letter_jobs_tenant_isolation" on "dead_letter_jobs";
create policy "dead_letter_jobs_tenant_isolation" on "dead_letter_jobs" as permissive for all to public using ("tenant_id" = (select cast(nullif("current_setting"('app.current_tenant', true), '') as uuid))) with check ("tenant_id" = (select cast(nullif("current_setting"('app.current_tenant', true), '') as uuid)));
drop policy if exists "dead_letter_jobs_maintenance" on "dead_letter_jobs";
create policy "dead_letter_jobs_maintenance" on "dead_letter_jobs" as permissive for all to "queue_maintenance" using (true) with check (true);
grant select, insert, update, delete on "dead_letter_jobs" to "queue_app";
grant select, insert, update, delete on "dead_letter_jobs" to "queue_maintenance";
