#!/usr/bin/env bash
# On-demand benchmark (not part of the build or the tests): the same jobs over the same tenants on a single
# PostgreSQL server and on a Citus cluster (a coordinator and its workers), both migrated by queue-schema (on the
# coordinator migrate distributes the tables by tenant_id). Runs, with pgbench as a login that is only a member
# of queue_app, each tenant set as TenantContext sets it (SET LOCAL citus.propagate_set_commands, SET LOCAL
# app.current_tenant):
#   claim      the claim query of one random tenant (FOR UPDATE SKIP LOCKED, LIMIT 10), rolled back;
#   lifecycle  claim one job and complete it, in one transaction, rolled back (the backlog stays as loaded);
#   enqueue    insert one job for a random tenant, committed.
# Prints each throughput on both and the ratio cluster/single, and the claim's plan on the cluster (one task:
# routed to one shard). On one machine the cluster shares the same cores, so the ratio shows what the
# coordinator's extra hop costs per query, not what real workers would give.
# Data: JOBS jobs spread evenly over TENANTS tenants, every tenant with jobs in queue-0 to queue-4 and a quarter
# of them pending and due, so that every claim finds jobs (checked after the load). The servers may run without
# autovacuum (the project's test servers do): after the load the script runs VACUUM ANALYZE itself on both, so
# that both planners have statistics and both visibility maps are set. It prints the machine's load (uptime)
# before and after the runs: on a shared machine, compare the ratios of one run, not figures across runs.
#
# Usage: bash bench/citus-vs-single.sh
#   after `mvn -B -DskipTests package`; needs pgbench and psql, a single server at PGHOST:PGPORT (default
#   127.0.0.1:5432) and a Citus coordinator at CITUS_HOST:CITUS_PORT (127.0.0.1:9700) whose workers are
#   CITUS_WORKERS (127.0.0.1:9701,127.0.0.1:9702), all as postgres with trust authentication; it creates and drops
#   its own database and login on each. Size and length: JOBS (1000000), TENANTS (200), SECONDS_PER_RUN (10),
#   CLIENTS (4). A quick run: JOBS=20000 TENANTS=20 SECONDS_PER_RUN=5 bash bench/citus-vs-single.sh
#   With a single server on port 5442 and a coordinator on 9900 with workers on 9901 and 9902:
#   PGPORT=5442 CITUS_PORT=9900 SECONDS_PER_RUN=30 bash bench/citus-vs-single.sh
set -euo pipefail
cd "$(dirname "$0")/.."

HOST=${PGHOST:-127.0.0.1}
PORT=${PGPORT:-5432}
CITUS_HOST=${CITUS_HOST:-127.0.0.1}
CITUS_PORT=${CITUS_PORT:-9700}
CITUS_WORKERS=${CITUS_WORKERS:-127.0.0.1:$((CITUS_PORT + 1)),127.0.0.1:$((CITUS_PORT + 2))}
JOBS=${JOBS:-1000000}
TENANTS=${TENANTS:-200}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
CLIENTS=${CLIENTS:-4}
DB=qs_bench_citus_$$
LOGIN=qs_bench_citus_login_$$
JAR=schema-migrations/target/queue-schema.jar
WORK=$(mktemp -d)
nodes() { echo "$CITUS_HOST:$CITUS_PORT"; tr ',' '\n' <<< "$CITUS_WORKERS"; }
at() { local hp=$1; shift; psql -h "${hp%:*}" -p "${hp#*:}" -U postgres -v ON_ERROR_STOP=1 -q -At "$@"; }
cleanup() {
  at "$HOST:$PORT" -d postgres -c "drop database if exists $DB with (force)" -c "drop role if exists $LOGIN" || true
  for n in $(nodes); do at "$n" -d postgres -c "drop database if exists $DB with (force)" -c "drop role if exists $LOGIN" >/dev/null 2>&1 || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# Databases: on the single server; on every node of the cluster, the extension in each, the workers registered.
at "$HOST:$PORT" -d postgres -c "create database $DB"
for n in $(nodes); do at "$n" -d postgres -c "create database $DB"; at "$n" -d "$DB" -c "create extension citus"; done
at "$CITUS_HOST:$CITUS_PORT" -d "$DB" -c "select citus_set_coordinator_host('$CITUS_HOST', $CITUS_PORT)" >/dev/null
for w in $(tr ',' ' ' <<< "$CITUS_WORKERS"); do at "$CITUS_HOST:$CITUS_PORT" -d "$DB" -c "select citus_add_node('${w%:*}', ${w#*:})" >/dev/null; done

load() { # host:port
  java -jar "$JAR" migrate --url "jdbc:postgresql://${1%:*}:${1#*:}/$DB" --user postgres >/dev/null
  at "$1" -d "$DB" -c "create role $LOGIN login in role queue_app"
  at "$1" -d "$DB" <<SQL
insert into tenants (id, name) select ('00000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, 'tenant-' || g
  from generate_series(2, $TENANTS + 1) g;
insert into jobs (tenant_id, queue, type, status, scheduled_for)
  select ('00000000-0000-0000-0000-' || lpad((2 + g % $TENANTS)::text, 12, '0'))::uuid, 'queue-' || (g / $TENANTS % 5), 'send',
         case when g / ($TENANTS * 5) % 4 = 0 then 'pending' else 'completed' end, now() - interval '1 minute'
  from generate_series(1, $JOBS) g;
vacuum analyze;
SQL
  # Every tenant must have due jobs in queue-1, or the claim measures empty scans and the life cycle stops.
  local with
  with=$(at "$1" -d "$DB" -c "select count(distinct tenant_id) from jobs where queue = 'queue-1' and status = 'pending'")
  [ "$with" = "$TENANTS" ] || { echo "only $with of $TENANTS tenants have a pending job in queue-1 on $1: raise JOBS (20 per tenant at least)" >&2; exit 1; }
}

cat > "$WORK/claim.sql" <<SQL
\set t random(2, $TENANTS + 1)
begin;
set local citus.propagate_set_commands = 'local';
select '00000000-0000-0000-0000-' || lpad(:t::text, 12, '0') as tenant \gset
set local app.current_tenant = ':tenant';
select id from jobs where tenant_id = ':tenant' and queue = 'queue-1' and status = 'pending'
  and scheduled_for <= now() order by scheduled_for, created_at limit 10 for update skip locked;
rollback;
SQL
cat > "$WORK/lifecycle.sql" <<SQL
\set t random(2, $TENANTS + 1)
begin;
set local citus.propagate_set_commands = 'local';
select '00000000-0000-0000-0000-' || lpad(:t::text, 12, '0') as tenant \gset
set local app.current_tenant = ':tenant';
select id as job from jobs where tenant_id = ':tenant' and queue = 'queue-1' and status = 'pending'
  and scheduled_for <= now() order by scheduled_for, created_at limit 1 for update skip locked \gset
update jobs set status = 'completed', completed_at = now() where tenant_id = ':tenant' and id = ':job';
rollback;
SQL
cat > "$WORK/enqueue.sql" <<SQL
\set t random(2, $TENANTS + 1)
begin;
set local citus.propagate_set_commands = 'local';
select '00000000-0000-0000-0000-' || lpad(:t::text, 12, '0') as tenant \gset
set local app.current_tenant = ':tenant';
insert into jobs (tenant_id, queue, type) values (':tenant', 'queue-1', 'send');
commit;
SQL

tps() { # host:port script: transactions per second, or the run's output and a stop when a client failed
  local out="$WORK/$2-${1#*:}.out"
  if ! pgbench -h "${1%:*}" -p "${1#*:}" -U "$LOGIN" -n -c "$CLIENTS" -j 2 -T "$SECONDS_PER_RUN" -f "$WORK/$2.sql" "$DB" >"$out" 2>&1; then
    echo "pgbench $2 on $1 failed:" >&2; tail -20 "$out" >&2; exit 1
  fi
  awk '/^tps = / { printf "%.0f", $3 }' "$out"
}

echo "Loading $JOBS jobs over $TENANTS tenants on the single server and on the cluster, then VACUUM ANALYZE on each..."
load "$HOST:$PORT"
load "$CITUS_HOST:$CITUS_PORT"
echo "Load before the runs: $(uptime)"
echo "$CLIENTS clients, $SECONDS_PER_RUN s per run; transactions per second:"
printf '%-10s %12s %12s %8s\n' workload single cluster ratio
for w in claim lifecycle enqueue; do
  s=$(tps "$HOST:$PORT" "$w"); c=$(tps "$CITUS_HOST:$CITUS_PORT" "$w")
  printf '%-10s %12s %12s %8s\n' "$w" "$s" "$c" "$(awk -v s="$s" -v c="$c" 'BEGIN { printf "%.2f", c / s }')"
done
echo "Load after the runs: $(uptime)"
echo
echo "The claim on the cluster (one task: routed to the shard of the tenant):"
at "$CITUS_HOST:$CITUS_PORT" -d "$DB" -c "explain (costs off) select id from jobs where tenant_id = '00000000-0000-0000-0000-000000000002'
  and queue = 'queue-1' and status = 'pending' and scheduled_for <= now() order by scheduled_for, created_at limit 10 for update skip locked" \
  | grep -E 'Task Count|Index Scan|Limit|Custom Scan' | sed 's/^/  /'
