-- The tenants table as the tenants service owns it, with the platform's system tenant: a queue-service
-- database has it before the queue's own migration runs (its foreign keys reference it).
create table tenants (
    id uuid primary key,
    name varchar(255) not null,
    created_at timestamptz not null default current_timestamp,
    updated_at timestamptz not null default current_timestamp
);
insert into tenants (id, name) values ('00000000-0000-0000-0000-000000000001', 'system');
