-- Rows of three tenants in all ten tables of a database built by the original Knex migration, written
-- as its service wrote them: defaults left out, some counters and flags explicitly NULL (Knex allowed
-- it), names that differ across tenants (the original's uniques were global), and an operator's edit of
-- a seeded rate limiter.
insert into tenants (id, name) values
    ('aaaaaaaa-0000-0000-0000-000000000001', 'acme'),
    ('bbbbbbbb-0000-0000-0000-000000000002', 'globex'),
    ('cccccccc-0000-0000-0000-000000000003', 'initech');

insert into queues (tenant_id, name, type, config, active, pending_count, processing_count, completed_count, failed_count) values
    ('aaaaaaaa-0000-0000-0000-000000000001', 'acme-mail', 'standard', '{"retries": 2}', true, 3, 1, 10, 0),
    ('bbbbbbbb-0000-0000-0000-000000000002', 'globex-mail', 'standard', null, null, null, null, 7, null),
    ('cccccccc-0000-0000-0000-000000000003', 'initech-reports', 'fifo', '{}', false, 0, 0, 0, 2);
insert into jobs (tenant_id, queue, type, data, status, attempts, max_attempts, error, scheduled_for, started_at, completed_at) values
    ('aaaaaaaa-0000-0000-0000-000000000001', 'acme-mail', 'send', '{"to": "a@acme.test"}', 'pending', 0, 3, null, now() + interval '1 hour', null, null),
    ('aaaaaaaa-0000-0000-0000-000000000001', 'acme-mail', 'send', '{}', 'processing', 1, 3, null, null, now(), null),
    ('bbbbbbbb-0000-0000-0000-000000000002', 'globex-mail', 'send', null, 'failed', null, null, 'smtp 550', null, now(), now()),
    ('cccccccc-0000-0000-0000-000000000003', 'initech-reports', 'render', '{"page": 1}', 'completed', 2, 5, null, null, now(), now());
insert into schedules (tenant_id, name, cron_expression, job_type, job_data, active, last_run, next_run) values
    ('aaaaaaaa-0000-0000-0000-000000000001', 'acme-nightly', '0 0 * * *', 'report', '{}', true, now(), now() + interval '1 day'),
    ('bbbbbbbb-0000-0000-0000-000000000002', 'globex-hourly', '0 * * * *', 'sync', null, null, null, null);
insert into rate_limits (tenant_id, key, "limit", window_seconds, current_count, reset_at) values
    ('aaaaaaaa-0000-0000-0000-000000000001', 'acme-api', 100, 60, 12, now()),
    ('cccccccc-0000-0000-0000-000000000003', 'initech-api', 10, 1, null, now());
insert into critical_jobs (tenant_id, queue_name, job_type, data, priority, idempotency_key, status, attempts, max_attempts) values
    ('aaaaaaaa-0000-0000-0000-000000000001', 'payments', 'charge', '{"amount": 100}', 5, 'acme-charge-1', 'pending', 0, 5),
    ('bbbbbbbb-0000-0000-0000-000000000002', 'payments', 'refund', null, null, null, 'processing', null, null),
    ('bbbbbbbb-0000-0000-0000-000000000002', 'payments', 'refund', '{}', 1, null, 'pending', 0, 5);
insert into queue_metrics (tenant_id, queue_name, waiting_count, active_count, completed_count, failed_count) values
    ('aaaaaaaa-0000-0000-0000-000000000001', 'acme-mail', 3, 1, 10, 0),
    ('bbbbbbbb-0000-0000-0000-000000000002', 'globex-mail', null, null, null, null);
insert into idempotency_keys (tenant_id, key, queue_name, job_type, result, expires_at) values
    ('aaaaaaaa-0000-0000-0000-000000000001', 'acme-req-1', 'acme-mail', 'send', '{"ok": true}', now() + interval '1 day'),
    ('cccccccc-0000-0000-0000-000000000003', 'initech-req-1', 'initech-reports', 'render', null, now() + interval '1 day');
insert into rate_limiters (service_name, tenant_id, tokens_available, concurrent_requests, max_concurrent, refill_rate, bucket_size) values
    ('acme-crm', 'aaaaaaaa-0000-0000-0000-000000000001', 5, 0, 2, 1, 10),
    ('globex-erp', 'bbbbbbbb-0000-0000-0000-000000000002', 20, 3, 4, 2.5, 40);
-- An operator tuned the seeded Stripe bucket: adoption keeps the tuning.
update rate_limiters set max_concurrent = 25, tokens_available = 80.5 where service_name = 'stripe';
insert into alert_history (tenant_id, severity, alert_type, message, queue_name, metric_value, threshold_value, acknowledged, acknowledged_by) values
    ('aaaaaaaa-0000-0000-0000-000000000001', 'warning', 'queue_depth', 'acme-mail is deep', 'acme-mail', 120.5, 100, true, 'dddddddd-0000-0000-0000-000000000004'),
    ('bbbbbbbb-0000-0000-0000-000000000002', 'critical', 'high_failures', 'globex failing', null, null, null, null, null);
insert into dead_letter_jobs (tenant_id, queue_name, job_type, job_data, error, attempts, original_job_id) values
    ('bbbbbbbb-0000-0000-0000-000000000002', 'globex-mail', 'send', null, 'smtp 550', null, gen_random_uuid()),
    ('cccccccc-0000-0000-0000-000000000003', 'initech-reports', 'render', '{}', 'timeout', 5, null);
