-- ensure system tenant 00000000-0000-0000-0000-000000000001 exists
insert into "tenants" ("id", "name") values (cast('00000000-0000-0000-0000-000000000001' as uuid), 'system') on conflict ("id") do nothing;
-- seed rate_limiters for 4 providers
select "set_config"('app.current_tenant', '00000000-0000-0000-0000-000000000001', true);
insert into "rate_limiters" ("tenant_id", "service_name", "tokens_available", "max_concurrent", "refill_rate", "bucket_size") values (cast('00000000-0000-0000-0000-000000000001' as uuid), 'stripe', 100, 10, 100, 100), (cast('00000000-0000-0000-0000-000000000001' as uuid), 'twilio', 10, 5, 10, 10), (cast('00000000-0000-0000-0000-000000000001' as uuid), 'sendgrid', 50, 10, 50, 50), (cast('00000000-0000-0000-0000-000000000001' as uuid), 'solana_rpc', 25, 5, 25, 25) on conflict ("tenant_id", "service_name") do nothing;
