#!/usr/bin/env bash
# On-demand benchmark: adopting a large database built by the original Knex migration while the service
# keeps writing. Builds the Knex schema from the test fixture (schema-migrations/src/test/resources/.../adopt),
# loads 1M jobs over 200 tenants, runs the service's claim and depth transaction with pgbench as a
# login that is neither owner nor superuser (under the original ::text policy), then adopts while a
# writer (pgbench, the Knex-era service: superuser, plain INSERTs) keeps enqueueing at a fixed rate, and
# runs the same transaction again (under the new policies, the login now a member of queue_app).
# Prints: adoption time, the writer's longest stall during adoption, rows written during adoption and
# rows found after, and the transaction's throughput before and after.
# Needs: `mvn -DskipTests package` done, pgbench and psql; PostgreSQL at PGHOST:PGPORT (127.0.0.1:5432) as postgres.
set -euo pipefail
cd "$(dirname "$0")/.."

HOST=${PGHOST:-127.0.0.1}
PORT=${PGPORT:-5432}
JOBS=${JOBS:-1000000}
TENANTS=${TENANTS:-200}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-8}
WRITER_RATE=${WRITER_RATE:-200}        # inserts per second
WRITER_SECONDS=${WRITER_SECONDS:-600}  # upper bound; the writer is stopped once adoption is done
FIXTURE=schema-migrations/src/test/resources/org/queueservice/schema/migrations/adopt
DB=qs_bench_adopt_$$
LOGIN=qs_bench_adopt_login_$$
PSQL=(psql -h "$HOST" -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -q)
WORK=$(mktemp -d)
WRITER=
cleanup() {
  [ -n "$WRITER" ] && kill "$WRITER" 2>/dev/null || true
  "${PSQL[@]}" -c "drop database if exists $DB with (force)" -c "drop role if exists $LOGIN" || true
  [ -n "${KEEP_LOGS:-}" ] && cp -r "$WORK" /tmp/adopt-bench-logs; rm -rf "$WORK"
}
trap cleanup EXIT

"${PSQL[@]}" -c "create database $DB"
"${PSQL[@]}" -d "$DB" -f "$FIXTURE/tenants-service.sql" -f "$FIXTURE/knex-baseline.sql"
"${PSQL[@]}" -d "$DB" <<SQL
insert into tenants select ('00000000-0000-0000-0000-' || lpad(t::text, 12, '0'))::uuid, 'tenant ' || t from generate_series(2, $TENANTS + 1) t;
insert into jobs (tenant_id, queue, type, status, created_at)
select ('00000000-0000-0000-0000-' || lpad((2 + i % $TENANTS)::text, 12, '0'))::uuid, 'queue-' || (i / $TENANTS) % 10, 'send',
       (array['pending', 'processing', 'completed', 'completed', 'failed'])[1 + i % 5], now() - (i % 1000) * interval '1 minute'
from generate_series(1, $JOBS) i;
vacuum analyze;
create role $LOGIN login;
grant select, insert, update, delete on all tables in schema public to $LOGIN;
SQL

# The tenant whose queue the claim reads and the writer fills: one of the TENANTS loaded above (42 with the
# default 200), so that a smaller TENANTS still measures rows instead of an empty tenant and a failing writer.
TENANT=$(printf '00000000-0000-0000-0000-%012d' $((2 + 40 % TENANTS)))
cat > "$WORK/claim.sql" <<SQL
begin;
select set_config('app.current_tenant', '$TENANT', true);
select count(*) from jobs where queue = 'queue-3' and status = 'pending';
select id from jobs where queue = 'queue-3' and status = 'pending' and (scheduled_for is null or scheduled_for <= now())
 order by scheduled_for, created_at limit 10 for update skip locked;
commit;
SQL
# The writer stops when bench_running is dropped: its client errors out and pgbench ends, writing its log.
cat > "$WORK/enqueue.sql" <<SQL
select from bench_running;
insert into jobs (tenant_id, queue, type) values ('$TENANT', 'queue-3', 'send');
SQL

tps() {
  pgbench -h "$HOST" -p "$PORT" -U "$LOGIN" -n -T "$SECONDS_PER_RUN" -c 1 -f "$WORK/claim.sql" "$DB" 2>/dev/null \
    | awk '/latency average/ {lat=$4} /^tps/ {tps=$3} END {printf "%.1f transactions/s (%.2f ms each)", tps, lat}'
}
count() { "${PSQL[@]}" -d "$DB" -Atc "select count(*) from jobs"; }

"${PSQL[@]}" -d "$DB" -c "create table bench_running ()"
BEFORE_TPS=$(tps)
BEFORE_ROWS=$(count)

(cd "$WORK" && exec pgbench -h "$HOST" -p "$PORT" -U postgres -n -T "$WRITER_SECONDS" -R "$WRITER_RATE" -c 1 -l \
  --log-prefix=writer -f "$WORK/enqueue.sql" "$DB" >"$WORK/writer.out" 2>&1) &
WRITER=$!
sleep 3
START=$(date +%s.%N)
java -jar schema-migrations/target/queue-schema.jar adopt --url "jdbc:postgresql://$HOST:$PORT/$DB" --user postgres >"$WORK/adopt.out"
END=$(date +%s.%N)
sleep 3
"${PSQL[@]}" -d "$DB" -c "drop table bench_running"
wait "$WRITER" 2>/dev/null || true
WRITER=

"${PSQL[@]}" -d "$DB" -c "vacuum analyze" -c "grant queue_app to $LOGIN"
AFTER_ROWS=$(count)
AFTER_TPS=$(tps)

# pgbench log line: client transaction latency_us script epoch_s epoch_us schedule_lag_us, the epoch being when
# the transaction ended; latency counts from the scheduled start, so the lag behind schedule is taken off.
# A transaction that failed (the last one, when bench_running went) has no number as its latency.
cat "$WORK"/writer.[0-9]* 2>/dev/null | awk -v s="$START" -v e="$END" '
  $3 ~ /^[0-9]+$/ { t = $5 + $6 / 1e6; lat = ($3 - $7) / 1000; written++;
            if (t - lat / 1000 <= e && t >= s) { during++; if (lat > max) max = lat } }
  END { printf "%d %d %.1f\n", written, during, max }' >"$WORK/writer.stats"
read -r WRITTEN DURING STALL <"$WORK/writer.stats"
if [ "$DURING" -eq 0 ]; then
  echo "adopt-knex: the writer wrote no row during adoption, so there is nothing to measure; its output:" >&2
  cat "$WORK/writer.out" >&2
  exit 1
fi

echo "adoption:                 $(awk -v s="$START" -v e="$END" 'BEGIN {printf "%.1f s", e - s}') ($JOBS jobs over $TENANTS tenants)"
echo "writer's longest stall:   $STALL ms during adoption (lock timeout 5000 ms)"
echo "rows written:             $DURING during adoption, $WRITTEN in all by the writer"
echo "rows found after:         $AFTER_ROWS = $BEFORE_ROWS before + $((AFTER_ROWS - BEFORE_ROWS)) ($([ $((AFTER_ROWS - BEFORE_ROWS)) -eq "$WRITTEN" ] && echo none lost || echo MISMATCH))"
echo "claim + depth, before:    $BEFORE_TPS (original ::text policy)"
echo "claim + depth, after:     $AFTER_TPS (adopted schema)"
tail -n 3 "$WORK/adopt.out"
