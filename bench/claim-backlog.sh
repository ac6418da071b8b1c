#!/usr/bin/env bash
# On-demand benchmark: the claim on a tenant with 100,000 pending jobs in one queue, at V3 and at V4.
# At V3 the claim must say `scheduled_for is null or scheduled_for <= now()`, and the planner reads every
# pending job of the queue and sorts them; at V4 scheduled_for is NOT NULL, and the claim is one range of
# jobs_claim_idx read in order up to its LIMIT. Also the claim under row-level security against the same
# claim as a superuser, which no policy binds (the no-RLS limit). Prints transactions per second and the
# ratios; the machine is shared, so absolute numbers vary, ratios much less.
# Needs: `mvn -DskipTests package` done, pgbench and psql, and a PostgreSQL server at PGHOST:PGPORT
# (default 127.0.0.1:5432) where PGUSER (default postgres, a superuser) may create databases and roles.
set -euo pipefail
cd "$(dirname "$0")/.."

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
DB=qs_bench_claim_$$
LOGIN=qs_bench_claim_login_$$
URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB"
PSQL=(psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -v ON_ERROR_STOP=1 -q)
SECONDS_PER_RUN=${SECONDS_PER_RUN:-8}
TENANT=00000000-0000-0000-0000-000000000042
V3_CLAIM=$(mktemp)
V4_CLAIM=$(mktemp)
cleanup() {
  "${PSQL[@]}" -c "drop database if exists $DB with (force)" -c "drop role if exists $LOGIN" || true
  rm -f "$V3_CLAIM" "$V4_CLAIM"
}
trap cleanup EXIT

"${PSQL[@]}" -c "create database $DB"
java -jar schema-migrations/target/queue-schema.jar migrate --url "$URL" --user "$PGUSER" >/dev/null
java -jar schema-migrations/target/queue-schema.jar rollback --to 3 --url "$URL" --user "$PGUSER" >/dev/null
# The tenant's backlog: 100,000 pending jobs in queue-3, nine in ten without a time (due at once, what the
# service writes unless it delays a job), one in ten a retry due in an hour; 300,000 jobs of 199 other
# tenants around it. Autovacuum may be off: VACUUM ANALYZE explicitly.
"${PSQL[@]}" -d "$DB" <<SQL
insert into tenants select ('00000000-0000-0000-0000-' || lpad(t::text, 12, '0'))::uuid, 'tenant ' || t from generate_series(2, 201) t;
insert into jobs (tenant_id, queue, type, status, scheduled_for, created_at)
select '$TENANT', 'queue-3', 'send', 'pending',
       case when i % 10 = 0 then now() + interval '1 hour' end, now() - (i % 5000) * interval '1 second'
from generate_series(1, 100000) i;
insert into jobs (tenant_id, queue, type, status, created_at)
select ('00000000-0000-0000-0000-' || lpad((2 + i % 200)::text, 12, '0'))::uuid, 'queue-' || (i / 200) % 10, 'send',
       (array['pending', 'processing', 'completed', 'completed', 'failed'])[1 + i % 5], now() - (i % 1000) * interval '1 minute'
from generate_series(1, 300000) i where 2 + i % 200 <> 42;
vacuum analyze jobs;
create role $LOGIN login in role queue_app;
SQL

claim() { # $1: the V3 or V4 condition on scheduled_for
  cat <<SQL
begin;
set local citus.propagate_set_commands = 'local';
set local app.current_tenant = '$TENANT';
select id from jobs where tenant_id = '$TENANT' and queue = 'queue-3' and status = 'pending' and $1
 order by scheduled_for, created_at limit 10 for update skip locked;
commit;
SQL
}
claim "(scheduled_for is null or scheduled_for <= now())" > "$V3_CLAIM"
claim "scheduled_for <= now()" > "$V4_CLAIM"

plan() { # $1: the condition on scheduled_for
  "${PSQL[@]}" -d "$DB" -U "$LOGIN" -c "begin" -c "set local app.current_tenant = '$TENANT'" \
    -c "explain (costs off) select id from jobs where tenant_id = '$TENANT' and queue = 'queue-3' and status = 'pending'
        and $1 order by scheduled_for, created_at limit 10 for update skip locked" -c "rollback"
}

tps() { # $1: login, $2: workload
  pgbench -h "$PGHOST" -p "$PGPORT" -U "$1" -n -T "$SECONDS_PER_RUN" -c 1 -f "$2" "$DB" 2>/dev/null \
    | sed -n 's/^tps = \([0-9.]*\) .*/\1/p'
}

echo "plan at V3 (as $LOGIN):"
plan "(scheduled_for is null or scheduled_for <= now())"
before=$(tps "$LOGIN" "$V3_CLAIM")
java -jar schema-migrations/target/queue-schema.jar migrate --url "$URL" --user "$PGUSER" >/dev/null
"${PSQL[@]}" -d "$DB" -c "vacuum analyze jobs"
after=$(tps "$LOGIN" "$V4_CLAIM")
no_rls=$(tps "$PGUSER" "$V4_CLAIM")
echo "plan at V4 (as $LOGIN):"
plan "scheduled_for <= now()"
printf 'claim at V3 (100,000 pending):   %10.1f transactions/s\n' "$before"
printf 'claim at V4 (100,000 pending):   %10.1f transactions/s\n' "$after"
printf 'claim at V4, no row-level security: %7.1f transactions/s\n' "$no_rls"
awk -v b="$before" -v a="$after" -v n="$no_rls" 'BEGIN {
  printf "V4 / V3:                         %10.1f\n", a / b
  printf "V4 under RLS / no-RLS limit:     %10.2f (target >= 0.9)\n", a / n }'
