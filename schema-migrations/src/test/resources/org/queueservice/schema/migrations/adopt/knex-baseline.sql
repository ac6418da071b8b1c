-- What the original Knex migration (001_baseline_queue.ts) leaves in a database, written
-- out as the SQL Knex generates for PostgreSQL: uuid keys defaulting to gen_random_uuid() (rate_limiters
-- keyed by service_name instead), tenant_id defaulting to the system tenant, counters, flags and jsonb
-- bodies nullable with defaults, global unique constraints <table>_<column>_unique, foreign keys
-- <table>_tenant_id_foreign, plain indexes <table>_<columns>_index (47, the redundant ones included),
-- row-level security enabled but not forced with one ::text policy tenant_isolation_policy per table,
-- the seed rows, and Knex's bookkeeping tables. Needs tenants (tenants-service.sql).

create table knex_migrations_queue (id serial primary key, name varchar(255), batch integer, migration_time timestamptz);
create table knex_migrations_queue_lock ("index" serial primary key, is_locked integer);
insert into knex_migrations_queue (name, batch, migration_time) values ('001_baseline_queue.ts', 1, '2025-06-02 09:14:00+00');
insert into knex_migrations_queue_lock (is_locked) values (0);

create table queues (
    id uuid default gen_random_uuid(),
    tenant_id uuid not null default '00000000-0000-0000-0000-000000000001',
    name varchar(255) not null,
    type varchar(100) not null,
    config jsonb default '{}',
    active boolean default '1',
    pending_count integer default '0',
    processing_count integer default '0',
    completed_count integer default '0',
    failed_count integer default '0',
    created_at timestamptz not null default CURRENT_TIMESTAMP,
    updated_at timestamptz not null default CURRENT_TIMESTAMP,
    constraint queues_pkey primary key (id)
);
alter table queues add constraint queues_tenant_id_foreign foreign key (tenant_id) references tenants (id) on delete RESTRICT;
alter table queues add constraint queues_name_unique unique (name);
create index queues_tenant_id_index on queues (tenant_id);
create index queues_name_index on queues (name);
create index queues_type_index on queues (type);
create index queues_active_index on queues (active);

create table jobs (
    id uuid default gen_random_uuid(),
    tenant_id uuid not null default '00000000-0000-0000-0000-000000000001',
    queue varchar(255) not null,
    type varchar(255) not null,
    data jsonb default '{}',
    status varchar(50) not null default 'pending',
    attempts integer default '0',
    max_attempts integer default '3',
    error text,
    scheduled_for timestamptz,
    started_at timestamptz,
    completed_at timestamptz,
    created_at timestamptz not null default CURRENT_TIMESTAMP,
    updated_at timestamptz not null default CURRENT_TIMESTAMP,
    constraint jobs_pkey primary key (id)
);
alter table jobs add constraint jobs_tenant_id_foreign foreign key (tenant_id) references tenants (id) on delete RESTRICT;
create index jobs_tenant_id_index on jobs (tenant_id);
create index jobs_queue_index on jobs (queue);
create index jobs_queue_status_index on jobs (queue, status);
create index jobs_type_index on jobs (type);
create index jobs_status_index on jobs (status);
create index jobs_scheduled_for_index on jobs (scheduled_for);
create index jobs_created_at_index on jobs (created_at);
create index jobs_completed_at_index on jobs (completed_at);

create table schedules (
    id uuid default gen_random_uuid(),
    tenant_id uuid not null default '00000000-0000-0000-0000-000000000001',
    name varchar(255) not null,
    cron_expression varchar(100) not null,
    job_type varchar(255) not null,
    job_data jsonb default '{}',
    active boolean default '1',
    last_run timestamptz,
    next_run timestamptz,
    created_at timestamptz not null default CURRENT_TIMESTAMP,
    updated_at timestamptz not null default CURRENT_TIMESTAMP,
    constraint schedules_pkey primary key (id)
);
alter table schedules add constraint schedules_tenant_id_foreign foreign key (tenant_id) references tenants (id) on delete RESTRICT;
alter table schedules add constraint schedules_name_unique unique (name);
create index schedules_tenant_id_index on schedules (tenant_id);
create index schedules_name_index on schedules (name);
create index schedules_active_index on schedules (active);
create index schedules_next_run_index on schedules (next_run);

create table rate_limits (
    id uuid default gen_random_uuid(),
    tenant_id uuid not null default '00000000-0000-0000-0000-000000000001',
    key varchar(255) not null,
    "limit" integer not null,
    window_seconds integer not null,
    current_count integer default '0',
    reset_at timestamptz not null,
    created_at timestamptz not null default CURRENT_TIMESTAMP,
    updated_at timestamptz not null default CURRENT_TIMESTAMP,
    constraint rate_limits_pkey primary key (id)
);
alter table rate_limits add constraint rate_limits_tenant_id_foreign foreign key (tenant_id) references tenants (id) on delete RESTRICT;
alter table rate_limits add constraint rate_limits_key_unique unique (key);
create index rate_limits_tenant_id_index on rate_limits (tenant_id);
create index rate_limits_key_index on rate_limits (key);
create index rate_limits_reset_at_index on rate_limits (reset_at);

create table critical_jobs (
    id uuid default gen_random_uuid(),
    tenant_id uuid not null default '00000000-0000-0000-0000-000000000001',
    queue_name varchar(255) not null,
    job_type varchar(255) not null,
    data jsonb default '{}',
    priority integer default '0',
    idempotency_key varchar(255),
    status varchar(50) not null default 'pending',
    attempts integer default '0',
    max_attempts integer default '5',
    error text,
    started_at timestamptz,
    completed_at timestamptz,
    created_at timestamptz not null default CURRENT_TIMESTAMP,
    updated_at timestamptz not null default CURRENT_TIMESTAMP,
    constraint critical_jobs_pkey primary key (id)
);
alter table critical_jobs add constraint critical_jobs_tenant_id_foreign foreign key (tenant_id) references tenants (id) on delete RESTRICT;
alter table critical_jobs add constraint critical_jobs_idempotency_key_unique unique (idempotency_key);
create index critical_jobs_tenant_id_index on critical_jobs (tenant_id);
create index critical_jobs_queue_name_index on critical_jobs (queue_name);
create index critical_jobs_queue_name_status_index on critical_jobs (queue_name, status);
create index critical_jobs_status_index on critical_jobs (status);
create index critical_jobs_priority_index on critical_jobs (priority);
create index critical_jobs_idempotency_key_index on critical_jobs (idempotency_key);
create index critical_jobs_created_at_index on critical_jobs (created_at);

create table queue_metrics (
    id uuid default gen_random_uuid(),
    tenant_id uuid not null default '00000000-0000-0000-0000-000000000001',
    queue_name varchar(255) not null,
    waiting_count integer default '0',
    active_count integer default '0',
    completed_count integer default '0',
    failed_count integer default '0',
    captured_at timestamptz not null default CURRENT_TIMESTAMP,
    created_at timestamptz not null default CURRENT_TIMESTAMP,
    updated_at timestamptz not null default CURRENT_TIMESTAMP,
    constraint queue_metrics_pkey primary key (id)
);
alter table queue_metrics add constraint queue_metrics_tenant_id_foreign foreign key (tenant_id) references tenants (id) on delete RESTRICT;
create index queue_metrics_tenant_id_index on queue_metrics (tenant_id);
create index queue_metrics_queue_name_index on queue_metrics (queue_name);
create index queue_metrics_captured_at_index on queue_metrics (captured_at);
create index queue_metrics_queue_name_captured_at_index on queue_metrics (queue_name, captured_at);

create table idempotency_keys (
    id uuid default gen_random_uuid(),
    tenant_id uuid not null default '00000000-0000-0000-0000-000000000001',
    key varchar(255) not null,
    queue_name varchar(255) not null,
    job_type varchar(255) not null,
    result jsonb default '{}',
    processed_at timestamptz not null default CURRENT_TIMESTAMP,
    expires_at timestamptz not null,
    created_at timestamptz not null default CURRENT_TIMESTAMP,
    updated_at timestamptz not null default CURRENT_TIMESTAMP,
    constraint idempotency_keys_pkey primary key (id)
);
alter table idempotency_keys add constraint idempotency_keys_tenant_id_foreign foreign key (tenant_id) references tenants (id) on delete RESTRICT;
alter table idempotency_keys add constraint idempotency_keys_key_unique unique (key);
create index idempotency_keys_tenant_id_index on idempotency_keys (tenant_id);
create index idempotency_keys_key_index on idempotency_keys (key);
create index idempotency_keys_queue_name_index on idempotency_keys (queue_name);
create index idempotency_keys_expires_at_index on idempotency_keys (expires_at);
create index idempotency_keys_key_expires_at_index on idempotency_keys (key, expires_at);

create table rate_limiters (
    service_name varchar(255) not null,
    tenant_id uuid not null default '00000000-0000-0000-0000-000000000001',
    tokens_available numeric(10, 2) not null,
    concurrent_requests integer not null default '0',
    max_concurrent integer not null,
    refill_rate numeric(10, 2) not null,
    bucket_size integer not null,
    last_refill timestamptz not null default CURRENT_TIMESTAMP,
    created_at timestamptz not null default CURRENT_TIMESTAMP,
    updated_at timestamptz not null default CURRENT_TIMESTAMP,
    constraint rate_limiters_pkey primary key (service_name)
);
alter table rate_limiters add constraint rate_limiters_tenant_id_foreign foreign key (tenant_id) references tenants (id) on delete RESTRICT;
create index rate_limiters_tenant_id_index on rate_limiters (tenant_id);
create index rate_limiters_service_name_index on rate_limiters (service_name);

create table alert_history (
    id uuid default gen_random_uuid(),
    tenant_id uuid not null default '00000000-0000-0000-0000-000000000001',
    severity varchar(50) not null,
    alert_type varchar(100) not null,
    message text not null,
    queue_name varchar(255),
    metric_value numeric(10, 2),
    threshold_value numeric(10, 2),
    acknowledged boolean default '0',
    acknowledged_by uuid,
    acknowledged_at timestamptz,
    created_at timestamptz not null default CURRENT_TIMESTAMP,
    updated_at timestamptz not null default CURRENT_TIMESTAMP,
    constraint alert_history_pkey primary key (id)
);
alter table alert_history add constraint alert_history_tenant_id_foreign foreign key (tenant_id) references tenants (id) on delete RESTRICT;
create index alert_history_tenant_id_index on alert_history (tenant_id);
create index alert_history_queue_name_index on alert_history (queue_name);
create index alert_history_severity_index on alert_history (severity);
create index alert_history_created_at_index on alert_history (created_at);
create index alert_history_acknowledged_index on alert_history (acknowledged);

create table dead_letter_jobs (
    id uuid default gen_random_uuid(),
    tenant_id uuid not null default '00000000-0000-0000-0000-000000000001',
    queue_name varchar(255) not null,
    job_type varchar(255) not null,
    job_data jsonb default '{}',
    error text,
    attempts integer default '0',
    original_job_id uuid,
    failed_at timestamptz not null default CURRENT_TIMESTAMP,
    created_at timestamptz not null default CURRENT_TIMESTAMP,
    updated_at timestamptz not null default CURRENT_TIMESTAMP,
    constraint dead_letter_jobs_pkey primary key (id)
);
alter table dead_letter_jobs add constraint dead_letter_jobs_tenant_id_foreign foreign key (tenant_id) references tenants (id) on delete RESTRICT;
create index dead_letter_jobs_tenant_id_index on dead_letter_jobs (tenant_id);
create index dead_letter_jobs_queue_name_index on dead_letter_jobs (queue_name);
create index dead_letter_jobs_job_type_index on dead_letter_jobs (job_type);
create index dead_letter_jobs_created_at_index on dead_letter_jobs (created_at);
create index dead_letter_jobs_original_job_id_index on dead_letter_jobs (original_job_id);

insert into rate_limiters (service_name, tokens_available, max_concurrent, refill_rate, bucket_size) values
    ('stripe', 100, 10, 100, 100),
    ('twilio', 10, 5, 10, 10),
    ('sendgrid', 50, 10, 50, 50),
    ('solana_rpc', 25, 5, 25, 25);

alter table queues enable row level security;
alter table jobs enable row level security;
alter table schedules enable row level security;
alter table rate_limits enable row level security;
alter table critical_jobs enable row level security;
alter table queue_metrics enable row level security;
alter table idempotency_keys enable row level security;
alter table rate_limiters enable row level security;
alter table alert_history enable row level security;
alter table dead_letter_jobs enable row level security;
create policy tenant_isolation_policy on queues using (tenant_id::text = current_setting('app.current_tenant', true));
create policy tenant_isolation_policy on jobs using (tenant_id::text = current_setting('app.current_tenant', true));
create policy tenant_isolation_policy on schedules using (tenant_id::text = current_setting('app.current_tenant', true));
create policy tenant_isolation_policy on rate_limits using (tenant_id::text = current_setting('app.current_tenant', true));
create policy tenant_isolation_policy on critical_jobs using (tenant_id::text = current_setting('app.current_tenant', true));
create policy tenant_isolation_policy on queue_metrics using (tenant_id::text = current_setting('app.current_tenant', true));
create policy tenant_isolation_policy on idempotency_keys using (tenant_id::text = current_setting('app.current_tenant', true));
create policy tenant_isolation_policy on rate_limiters using (tenant_id::text = current_setting('app.current_tenant', true));
create policy tenant_isolation_policy on alert_history using (tenant_id::text = current_setting('app.current_tenant', true));
create policy tenant_isolation_policy on dead_letter_jobs using (tenant_id::text = current_setting('app.current_tenant', true));
