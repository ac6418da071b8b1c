#!/usr/bin/env bash
# On-demand benchmark: what the tenant policy's form costs the service's hot queries.
# Migrates a scratch database on the local server, loads 400k jobs over 100 tenants, then runs the
# same tenant transaction (count pending jobs, claim the next ten) with pgbench as a queue_app login,
# first under our policy (V4's, no sub-select), then under the original `tenant_id::text = current_setting(...)`
# and under V2's form, the same uuid comparison inside a sub-select. Compare the latencies of one run: the machine
# is shared, so absolute numbers vary, ratios much less.
# Needs: `mvn -DskipTests package` done, pgbench and psql, and a PostgreSQL server at PGHOST:PGPORT
# (default 127.0.0.1:5432) where PGUSER (default postgres) may create databases and roles.
set -euo pipefail
cd "$(dirname "$0")/.."

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
DB=qs_bench_rls_$$
LOGIN=qs_bench_rls_login_$$
PSQL=(psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -v ON_ERROR_STOP=1 -q)
SECONDS_PER_RUN=${SECONDS_PER_RUN:-8}
WORKLOAD=$(mktemp)
cleanup() {
  "${PSQL[@]}" -c "drop database if exists $DB with (force)" -c "drop role if exists $LOGIN" || true
  rm -f "$WORKLOAD"
}
trap cleanup EXIT

"${PSQL[@]}" -c "create database $DB"
java -jar schema-migrations/target/queue-schema.jar migrate --url "jdbc:postgresql://$PGHOST:$PGPORT/$DB" --user "$PGUSER" >/dev/null
"${PSQL[@]}" -d "$DB" <<SQL
insert into tenants select ('00000000-0000-0000-0000-' || lpad(t::text, 12, '0'))::uuid, 'tenant ' || t from generate_series(2, 101) t;
insert into jobs (tenant_id, queue, type, status, created_at)
select ('00000000-0000-0000-0000-' || lpad((2 + i % 100)::text, 12, '0'))::uuid, 'queue-' || (i / 100) % 10, 'send',
       (array['pending', 'processing', 'completed', 'completed', 'failed'])[1 + i % 5], now() - (i % 1000) * interval '1 minute'
from generate_series(1, 400000) i;
analyze jobs;
create role $LOGIN login in role queue_app;
SQL

cat > "$WORKLOAD" <<'SQL'
begin;
set local citus.propagate_set_commands = 'local';
set local app.current_tenant = '00000000-0000-0000-0000-000000000042';
select count(*) from jobs where status = 'pending';
select id from jobs where queue = 'queue-3' and status = 'pending' order by scheduled_for, created_at limit 10;
commit;
SQL

run() {
  printf '%-34s ' "$1"
  pgbench -h "$PGHOST" -p "$PGPORT" -U "$LOGIN" -n -T "$SECONDS_PER_RUN" -c 1 -f "$WORKLOAD" "$DB" 2>/dev/null | grep 'latency average'
}
policy() {
  "${PSQL[@]}" -d "$DB" -c "drop policy jobs_tenant_isolation on jobs" -c "create policy jobs_tenant_isolation on jobs using ($1)"
}

run "queue-schema policy (uuid, V4)"
policy "tenant_id::text = current_setting('app.current_tenant', true)"
run "original ::text cast"
policy "tenant_id = (select nullif(current_setting('app.current_tenant', true), '')::uuid)"
run "uuid in a sub-select (V2)"
