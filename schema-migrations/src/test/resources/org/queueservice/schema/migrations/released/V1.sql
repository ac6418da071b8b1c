-- create table tenants (none exists)
-- only if "to_regclass"('tenants') is null
create table "tenants" ("id" uuid not null, "name" varchar(255) not null, "created_at" timestamp with time zone not null default cast(current_timestamp as timestamp with time zone), "updated_at" timestamp with time zone not null default cast(current_timestamp as timestamp with time zone), constraint "tenants_pkey" primary key ("id"));
comment on table "tenants" is 'Minimal tenants table created by queue-schema because none existed; owned by the tenants service. queue-schema rollback drops it only while this comment is unchanged.';
-- create function set_updated_at
create or replace function "set_updated_at"() returns trigger language plpgsql set search_path = pg_catalog as 'begin new.updated_at := now(); return new; end';
-- create table queues
create table if not exists "queues" ("id" uuid not null default gen_random_uuid(), "tenant_id" uuid not null, "name" varchar(255) not null, "type" varchar(100) not null, "config" jsonb not null default cast('{}' as jsonb), "active" boolean not null default true, "pending_count" int not null default 0, "processing_count" int not null default 0, "completed_count" int not null default 0, "failed_count" int not null default 0, "created_at" timestamp with time zone not null default cast(current_timestamp as timestamp with time zone), "updated_at" timestamp with time zone not null default cast(current_timestamp as timestamp with time zone), constraint "queues_pkey" primary key ("id"), constraint "queues_tenant_id_fkey" foreign key ("tenant_id") references "tenants" ("id") on delete restrict, constraint "queues_tenant_id_name_key" unique ("tenant_id", "name"), constraint "queues_pending_count_check" check ("pending_count" >= 0), constraint "queues_processing_count_check" check ("processing_count" >= 0), constraint "queues_completed_count_check" check ("completed_count" >= 0), constraint "queues_failed_count_check" check ("failed_count" >= 0));
-- create index queues_active_idx
create index if not exists "queues_active_idx" on "queues"("tenant_id", "name") where "active";
-- comment on table queues and its columns
comment on table "queues" is 'Queue definitions of a tenant, with job counters kept by the queue service.';
comment on column "queues"."tenant_id" is 'Owning tenant; rows are visible only to that tenant (row-level security).';
comment on column "queues"."updated_at" is 'Maintained by the set_updated_at trigger on every UPDATE.';
-- create trigger queues_set_updated_at
create or replace trigger "queues_set_updated_at" before update on "queues" for each row execute function "set_updated_at"();
-- create table jobs
create table if not exists "jobs" ("id" uuid not null default gen_random_uuid(), "tenant_id" uuid not null, "queue" varchar(255) not null, "type" varchar(255) not null, "data" jsonb not null default cast('{}' as jsonb), "status" varchar(50) not null default 'pending', "attempts" int not null default 0, "max_attempts" int not null default 3, "error" text, "scheduled_for" timestamp with time zone, "started_at" timestamp with time zone, "completed_at" timestamp with time zone, "created_at" timestamp with time zone not null default cast(current_timestamp as timestamp with time zone), "updated_at" timestamp with time zone not null default cast(current_timestamp as timestamp with time zone), constraint "jobs_pkey" primary key ("id"), constraint "jobs_tenant_id_fkey" foreign key ("tenant_id") references "tenants" ("id") on delete restrict, constraint "jobs_status_check" check ("status" in ('pending', 'processing', 'completed', 'failed')), constraint "jobs_attempts_check" check ("attempts" >= 0), constraint "jobs_max_attempts_check" check ("max_attempts" > 0));
-- create index jobs_claim_idx
create index if not exists "jobs_claim_idx" on "jobs"("tenant_id", "queue", "scheduled_for", "created_at") where "status" = 'pending';
-- create index jobs_queue_status_idx
create index if not exists "jobs_queue_status_idx" on "jobs"("tenant_id", "queue", "status");
-- create index jobs_stuck_idx
create index if not exists "jobs_stuck_idx" on "jobs"("tenant_id", "started_at") where "status" = 'processing';
-- create index jobs_finished_idx
create index if not exists "jobs_finished_idx" on "jobs"("tenant_id", "completed_at") where "status" in ('completed', 'failed');
-- comment on table jobs and its columns
comment on table "jobs" is 'Jobs of a tenant''s queues, from pending through processing to completed or failed.';
comment on column "jobs"."tenant_id" is 'Owning tenant; rows are visible only to that tenant (row-level security).';
comment on column "jobs"."updated_at" is 'Maintained by the set_updated_at trigger on every UPDATE.';
comment on column "jobs"."scheduled_for" is 'When the job becomes due; NULL means immediately.';
-- create trigger jobs_set_updated_at
create or replace trigger "jobs_set_updated_at" before update on "jobs" for each row execute function "set_updated_at"();
-- create table schedules
create table if not exists "schedules" ("id" uuid not null default gen_random_uuid(), "tenant_id" uuid not null, "name" varchar(255) not null, "cron_expression" varchar(100) not null, "job_type" varchar(255) not null, "job_data" jsonb not null default cast('{}' as jsonb), "active" boolean not null default true, "last_run" timestamp with time zone, "next_run" timestamp with time zone, "created_at" timestamp with time zone not null default cast(current_timestamp as timestamp with time zone), "updated_at" timestamp with time zone not null default cast(current_timestamp as timestamp with time zone), constraint "schedules_pkey" primary key ("id"), constraint "schedules_tenant_id_fkey" foreign key ("tenant_id") references "tenants" ("id") on delete restrict, constraint "schedules_tenant_id_name_key" unique ("tenant_id", "name"));
-- create index schedules_due_idx
create index if not exists "schedules_due_idx" on "schedules"("tenant_id", "next_run") where "active";
-- comment on table schedules and its columns
comment on table "schedules" is 'Cron schedules of a tenant that enqueue jobs when due.';
comment on column "schedules"."tenant_id" is 'Owning tenant; rows are visible only to that tenant (row-level security).';
comment on column "schedules"."updated_at" is 'Maintained by the set_updated_at trigger on every UPDATE.';
-- create trigger schedules_set_updated_at
create or replace trigger "schedules_set_updated_at" before update on "schedules" for each row execute function "set_updated_at"();
-- create table rate_limits
create table if not exists "rate_limits" ("id" uuid not null default gen_random_uuid(), "tenant_id" uuid not null, "key" varchar(255) not null, "limit" int not null, "window_seconds" int not null, "current_count" int not null default 0, "reset_at" timestamp with time zone not null, "created_at" timestamp with time zone not null default cast(current_timestamp as timestamp with time zone), "updated_at" timestamp with time zone not null default cast(current_timestamp as timestamp with time zone), constraint "rate_limits_pkey" primary key ("id"), constraint "rate_limits_tenant_id_fkey" foreign key ("tenant_id") references "tenants" ("id") on delete restrict, constraint "rate_limits_tenant_id_key_key" unique ("tenant_id", "key"), constraint "rate_limits_limit_check" check ("limit" > 0), constraint "rate_limits_window_seconds_check" check ("window_seconds" > 0), constraint "rate_limits_current_count_check" check ("current_count" >= 0));
-- create index rate_limits_reset_at_idx
create index if not exists "rate_limits_reset_at_idx" on "rate_limits"("tenant_id", "reset_at");
-- comment on table rate_limits and its columns
comment on table "rate_limits" is 'Fixed-window rate limits of a tenant, keyed by an arbitrary string.';
comment on column "rate_limits"."tenant_id" is 'Owning tenant; rows are visible only to that tenant (row-level security).';
comment on column "rate_limits"."updated_at" is 'Maintained by the set_updated_at trigger on every UPDATE.';
comment on column "rate_limits"."limit" is 'Requests allowed per window.';
-- create trigger rate_limits_set_updated_at
create or replace trigger "rate_limits_set_updated_at" before update on "rate_limits" for each row execute function "set_updated_at"();
-- create table critical_jobs
create table if not exists "critical_jobs" ("id" uuid not null default gen_random_uuid(), "tenant_id" uuid not null, "queue_name" varchar(255) not null, "job_type" varchar(255) not null, "data" jsonb not null default cast('{}' as jsonb), "priority" int not null default 0, "idempotency_key" varchar(255), "status" varchar(50) not null default 'pending', "attempts" int not null default 0, "max_attempts" int not null default 5, "error" text, "started_at" timestamp with time zone, "completed_at" timestamp with time zone, "created_at" timestamp with time zone not null default cast(current_timestamp as timestamp with time zone), "updated_at" timestamp with time zone not null default cast(current_timestamp as timestamp with time zone), constraint "critical_jobs_pkey" primary key ("id"), constraint "critical_jobs_tenant_id_fkey" foreign key ("tenant_id") references "tenants" ("id") on delete restrict, constraint "critical_jobs_tenant_id_idempotency_key_key" unique ("tenant_id", "idempotency_key"), constraint "critical_jobs_status_check" check ("status" in ('pending', 'processing', 'completed', 'failed')), constraint "critical_jobs_attempts_check" check ("attempts" >= 0), constraint "critical_jobs_max_attempts_check" check ("max_attempts" > 0));
-- create index critical_jobs_claim_idx
create index if not exists "critical_jobs_claim_idx" on "critical_jobs"("tenant_id", "queue_name", "priority" desc, "created_at") where "status" = 'pending';
-- comment on table critical_jobs and its columns
comment on table "critical_jobs" is 'Jobs that must survive a queue outage, claimed by priority.';
comment on column "critical_jobs"."tenant_id" is 'Owning tenant; rows are visible only to that tenant (row-level security).';
comment on column "critical_jobs"."updated_at" is 'Maintained by the set_updated_at trigger on every UPDATE.';
comment on column "critical_jobs"."priority" is 'Higher runs first.';
-- create trigger critical_jobs_set_updated_at
create or replace trigger "critical_jobs_set_updated_at" before update on "critical_jobs" for each row execute function "set_updated_at"();
-- create table queue_metrics
create table if not exists "queue_metrics" ("id" uuid not null default gen_random_uuid(), "tenant_id" uuid not null, "queue_name" varchar(255) not null, "waiting_count" int not null default 0, "active_count" int not null default 0, "completed_count" int not null default 0, "failed_count" int not null default 0, "captured_at" timestamp with time zone not null default cast(current_timestamp as timestamp with time zone), "created_at" timestamp with time zone not null default cast(current_timestamp as timestamp with time zone), "updated_at" timestamp with time zone not null default cast(current_timestamp as timestamp with time zone), constraint "queue_metrics_pkey" primary key ("id"), constraint "queue_metrics_tenant_id_fkey" foreign key ("tenant_id") references "tenants" ("id") on delete restrict, constraint "queue_metrics_waiting_count_check" check ("waiting_count" >= 0), constraint "queue_metrics_active_count_check" check ("active_count" >= 0), constraint "queue_metrics_completed_count_check" check ("completed_count" >= 0), constraint "queue_metrics_failed_count_check" check ("failed_count" >= 0));
-- create index queue_metrics_queue_captured_at_idx
create index if not exists "queue_metrics_queue_captured_at_idx" on "queue_metrics"("tenant_id", "queue_name", "captured_at" desc);
-- create index queue_metrics_captured_at_idx
create index if not exists "queue_metrics_captured_at_idx" on "queue_metrics"("tenant_id", "captured_at");
-- comment on table queue_metrics and its columns
comment on table "queue_metrics" is 'Periodic snapshots of a queue''s job counts.';
comment on column "queue_metrics"."tenant_id" is 'Owning tenant; rows are visible only to that tenant (row-level security).';
comment on column "queue_metrics"."updated_at" is 'Maintained by the set_updated_at trigger on every UPDATE.';
-- create trigger queue_metrics_set_updated_at
create or replace trigger "queue_metrics_set_updated_at" before update on "queue_metrics" for each row execute function "set_updated_at"();
-- create table idempotency_keys
create table if not exists "idempotency_keys" ("id" uuid not null default gen_random_uuid(), "tenant_id" uuid not null, "key" varchar(255) not null, "queue_name" varchar(255) not null, "job_type" varchar(255) not null, "result" jsonb not null default cast('{}' as jsonb), "processed_at" timestamp with time zone not null default cast(current_timestamp as timestamp with time zone), "expires_at" timestamp with time zone not null, "created_at" timestamp with time zone not null default cast(current_timestamp as timestamp with time zone), "updated_at" timestamp with time zone not null default cast(current_timestamp as timestamp with time zone), constraint "idempotency_keys_pkey" primary key ("id"), constraint "idempotency_keys_tenant_id_fkey" foreign key ("tenant_id") references "tenants" ("id") on delete restrict, constraint "idempotency_keys_tenant_id_key_key" unique ("tenant_id", "key"));
-- create index idempotency_keys_expires_at_idx
create index if not exists "idempotency_keys_expires_at_idx" on "idempotency_keys"("expires_at");
-- comment on table idempotency_keys and its columns
comment on table "idempotency_keys" is 'Results of processed requests, kept until expires_at so retries are answered, not re-run.';
comment on column "idempotency_keys"."tenant_id" is 'Owning tenant; rows are visible only to that tenant (row-level security).';
comment on column "idempotency_keys"."updated_at" is 'Maintained by the set_updated_at trigger on every UPDATE.';
-- create trigger idempotency_keys_set_updated_at
create or replace trigger "idempotency_keys_set_updated_at" before update on "idempotency_keys" for each row execute function "set_updated_at"();
-- create table rate_limiters
create table if not exists "rate_limiters" ("id" uuid not null default gen_random_uuid(), "tenant_id" uuid not null, "service_name" varchar(255) not null, "tokens_available" numeric(10, 2) not null, "concurrent_requests" int not null default 0, "max_concurrent" int not null, "refill_rate" numeric(10, 2) not null, "bucket_size" int not null, "last_refill" timestamp with time zone not null default cast(current_timestamp as timestamp with time zone), "created_at" timestamp with time zone not null default cast(current_timestamp as timestamp with time zone), "updated_at" timestamp with time zone not null default cast(current_timestamp as timestamp with time zone), constraint "rate_limiters_pkey" primary key ("id"), constraint "rate_limiters_tenant_id_fkey" foreign key ("tenant_id") references "tenants" ("id") on delete restrict, constraint "rate_limiters_tenant_id_service_name_key" unique ("tenant_id", "service_name"), constraint "rate_limiters_tokens_available_check" check ("tokens_available" between 0 and cast("bucket_size" as numeric(10, 2))), constraint "rate_limiters_refill_rate_check" check ("refill_rate" > 0), constraint "rate_limiters_bucket_size_check" check ("bucket_size" > 0), constraint "rate_limiters_max_concurrent_check" check ("max_concurrent" > 0), constraint "rate_limiters_concurrent_requests_check" check ("concurrent_requests" >= 0));
-- comment on table rate_limiters and its columns
comment on table "rate_limiters" is 'Token-bucket state per external service that jobs call.';
comment on column "rate_limiters"."tenant_id" is 'Owning tenant; rows are visible only to that tenant (row-level security).';
comment on column "rate_limiters"."updated_at" is 'Maintained by the set_updated_at trigger on every UPDATE.';
comment on column "rate_limiters"."refill_rate" is 'Tokens added per second.';
-- create trigger rate_limiters_set_updated_at
create or replace trigger "rate_limiters_set_updated_at" before update on "rate_limiters" for each row execute function "set_updated_at"();
-- create table alert_history
create table if not exists "alert_history" ("id" uuid not null default gen_random_uuid(), "tenant_id" uuid not null, "severity" varchar(50) not null, "alert_type" varchar(100) not null, "message" text not null, "queue_name" varchar(255), "metric_value" numeric(10, 2), "threshold_value" numeric(10, 2), "acknowledged" boolean not null default false, "acknowledged_by" uuid, "acknowledged_at" timestamp with time zone, "created_at" timestamp with time zone not null default cast(current_timestamp as timestamp with time zone), "updated_at" timestamp with time zone not null default cast(current_timestamp as timestamp with time zone), constraint "alert_history_pkey" primary key ("id"), constraint "alert_history_tenant_id_fkey" foreign key ("tenant_id") references "tenants" ("id") on delete restrict, constraint "alert_history_severity_check" check ("severity" in ('critical', 'warning', 'info')));
-- create index alert_history_unacknowledged_idx
create index if not exists "alert_history_unacknowledged_idx" on "alert_history"("tenant_id", "created_at" desc) where not ("acknowledged");
-- create index alert_history_queue_created_at_idx
create index if not exists "alert_history_queue_created_at_idx" on "alert_history"("tenant_id", "queue_name", "created_at" desc);
-- create index alert_history_severity_created_at_idx
create index if not exists "alert_history_severity_created_at_idx" on "alert_history"("tenant_id", "severity", "created_at" desc);
-- comment on table alert_history and its columns
comment on table "alert_history" is 'Alerts raised by queue monitoring, and who acknowledged them.';
comment on column "alert_history"."tenant_id" is 'Owning tenant; rows are visible only to that tenant (row-level security).';
comment on column "alert_history"."updated_at" is 'Maintained by the set_updated_at trigger on every UPDATE.';
comment on column "alert_history"."alert_type" is 'queue_depth, job_age, high_failures, ...';
comment on column "alert_history"."acknowledged_by" is 'User id in the identity service; no foreign key because that table lives in another service''s database.';
-- create trigger alert_history_set_updated_at
create or replace trigger "alert_history_set_updated_at" before update on "alert_history" for each row execute function "set_updated_at"();
-- create table dead_letter_jobs
create table if not exists "dead_letter_jobs" ("id" uuid not null default gen_random_uuid(), "tenant_id" uuid not null, "queue_name" varchar(255) not null, "job_type" varchar(255) not null, "job_data" jsonb not null default cast('{}' as jsonb), "error" text, "attempts" int not null default 0, "original_job_id" uuid, "failed_at" timestamp with time zone not null default cast(current_timestamp as timestamp with time zone), "created_at" timestamp with time zone not null default cast(current_timestamp as timestamp with time zone), "updated_at" timestamp with time zone not null default cast(current_timestamp as timestamp with time zone), constraint "dead_letter_jobs_pkey" primary key ("id"), constraint "dead_letter_jobs_tenant_id_fkey" foreign key ("tenant_id") references "tenants" ("id") on delete restrict, constraint "dead_letter_jobs_attempts_check" check ("attempts" >= 0));
-- create index dead_letter_jobs_queue_job_type_idx
create index if not exists "dead_letter_jobs_queue_job_type_idx" on "dead_letter_jobs"("tenant_id", "queue_name", "job_type", "created_at" desc);
-- create index dead_letter_jobs_created_at_idx
create index if not exists "dead_letter_jobs_created_at_idx" on "dead_letter_jobs"("tenant_id", "created_at");
-- comment on table dead_letter_jobs and its columns
comment on table "dead_letter_jobs" is 'Jobs that exhausted their attempts, kept for inspection and replay.';
comment on column "dead_letter_jobs"."tenant_id" is 'Owning tenant; rows are visible only to that tenant (row-level security).';
comment on column "dead_letter_jobs"."updated_at" is 'Maintained by the set_updated_at trigger on every UPDATE.';
comment on column "dead_letter_jobs"."original_job_id" is 'Id of the job in jobs or critical_jobs; no foreign key because that row is usually purged.';
-- create trigger dead_letter_jobs_set_updated_at
create or replace trigger "dead_letter_jobs_set_updated_at" before update on "dead_letter_jobs" for each row execute function "set_updated_at"();
