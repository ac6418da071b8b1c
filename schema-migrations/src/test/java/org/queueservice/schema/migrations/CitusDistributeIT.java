package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.queueservice.schema.migrations.citus.CitusCatalog;
import org.queueservice.schema.migrations.citus.Distribution;
import org.queueservice.schema.migrations.citus.TableDistribution;
import org.queueservice.schema.migrations.provision.CitusCluster;
import org.queueservice.schema.migrations.provision.CitusScratchDatabase;
import org.queueservice.schema.migrations.provision.TwoTenants;

/**
 * distribute on a database migrated on a plain server and then made a Citus coordinator (as one restored there
 * with pg_dump is): the preflight refuses changing nothing, the dry run changes nothing, a run killed half-way
 * leaves each table moved or untouched and the next run finishes with every row, and a further run does nothing.
 * The steps build on each other, in order, on the one database of the class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CitusDistributeIT extends DatabaseIT {

    private static final int JOBS_PER_TENANT = 10_000;

    private ConnectionSettings owner;
    /** Each table's rows as the superuser counts them before anything moves: count and checksum. */
    private Map<String, String> rowsBefore;

    @Override
    protected boolean onCitus() {
        return true;
    }

    @Override
    protected CitusScratchDatabase newCitusDatabase(CitusCluster cluster) {
        return CitusScratchDatabase.createLocal(cluster, getClass().getSimpleName());
    }

    @BeforeAll
    void migrateLocallyThenJoinTheCluster() throws SQLException {
        owner = migrateAsOwnerWithTwoTenants();
        execute("insert into jobs (tenant_id, queue, type) select t, 'bulk', 'send' from (values ('" + TwoTenants.ACME + "'::uuid), ('"
                + TwoTenants.GLOBEX + "'::uuid)) v(t), generate_series(1, " + JOBS_PER_TENANT + ")");
        citus.becomeCoordinator();
        rowsBefore = rowsNow();
    }

    @Test
    @Order(1)
    void aUniqueKeyWithoutTenantIdIsRefusedByThePreflightNamingItAndNothingChanges() throws SQLException {
        execute("create unique index jobs_id_alone_idx on jobs (id)");
        try {
            String before = snapshot();
            assertThatThrownBy(() -> distribute(false))
                    .isInstanceOf(MigrationFailure.class)
                    .hasMessageContaining("distribute refused: CIT6: unique index jobs_id_alone_idx of jobs does not hold tenant_id")
                    .hasMessageEndingWith("Nothing was changed.");
            assertThat(snapshot()).isEqualTo(before);
            assertThat(placement().values()).allSatisfy(d -> assertThat(d.method()).as(d.line()).isEqualTo("local"));
        } finally {
            execute("drop index jobs_id_alone_idx");
        }
    }

    @Test
    @Order(1)
    void aUniqueKeyHoldingTenantIdOnlyAsAnIncludedColumnIsRefusedByThePreflightToo() throws SQLException {
        // Citus counts only key columns: create_distributed_table refuses this index as it refuses (id) alone.
        execute("create unique index jobs_id_covering_idx on jobs (id) include (tenant_id)");
        try {
            String before = snapshot();
            assertThatThrownBy(() -> distribute(false))
                    .isInstanceOf(MigrationFailure.class)
                    .hasMessageContaining("distribute refused: CIT6: unique index jobs_id_covering_idx of jobs does not hold tenant_id")
                    .hasMessageEndingWith("Nothing was changed.");
            assertThat(snapshot()).isEqualTo(before);
        } finally {
            execute("drop index jobs_id_covering_idx");
        }
    }

    @Test
    @Order(2)
    void theDryRunCountsEveryTableAndChangesNothing() throws SQLException {
        String before = snapshot();
        List<Distribution.Move> moves = distribute(true);
        assertThat(moves).extracting(Distribution.Move::table).startsWith("tenants", "jobs")
                .containsExactlyInAnyOrderElementsOf(allTables());
        assertThat(moves).allSatisfy(m -> assertThat(m.before().rows() + "," + m.before().checksum()).as(m.table())
                .isEqualTo(rowsBefore.get(m.table())));
        assertThat(snapshot()).isEqualTo(before);
        assertThat(placement().values()).allSatisfy(d -> assertThat(d.method()).as(d.line()).isEqualTo("local"));
    }

    @Test
    @Order(3)
    void aRunKilledWhileMovingJobsLeavesItLocalWithEveryRowAndTheNextRunFinishes() throws Exception {
        CompletableFuture<List<Distribution.Move>> run = CompletableFuture.supplyAsync(() -> distribute(false));
        assertThat(killWhenMoving("jobs")).as("the session moving jobs was found and killed").isTrue();
        assertThatThrownBy(() -> run.get(2, TimeUnit.MINUTES)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(MigrationFailure.class);
        Map<String, TableDistribution> placed = placement();
        assertThat(placed.get("tenants").reference()).isTrue();
        assertThat(placed.get("jobs").distributedBy("tenant_id")).as(placed.get("jobs").line()).isFalse();
        assertThat(rowsNow()).isEqualTo(rowsBefore);

        List<Distribution.Move> moves = distribute(false);
        assertThat(moves).extracting(Distribution.Move::table).startsWith("jobs").doesNotContain("tenants");
        assertThat(moves).allSatisfy(m -> assertThat(m.after()).as(m.table()).isEqualTo(m.before()));
        placed = placement();
        int group = placed.get("jobs").colocationGroup();
        for (String table : TwoTenants.tables()) {
            assertThat(placed.get(table).distributedBy("tenant_id")).as(placed.get(table).line()).isTrue();
            assertThat(placed.get(table).colocationGroup()).as(table).isEqualTo(group);
        }
        assertThat(rowsNow()).isEqualTo(rowsBefore);
        // On the workers: every job of both tenants is in a shard, none left in the coordinator's own table.
        long onWorkers = 0;
        for (int worker = 0; worker < citus.workers().size(); worker++) {
            try (Connection c = citus.onWorker(worker).open(); var s = c.createStatement()) {
                s.execute("set citus.override_table_visibility = off"); // Citus hides the shards from pg_class otherwise
                for (List<String> shard : rows(c, "select relname from pg_class where relname ~ '^jobs_[0-9]+$' and relkind = 'r'")) {
                    onWorkers += Long.parseLong(rows(c, "select count(*) from " + shard.get(0)).get(0).get(0));
                }
            }
        }
        assertThat(onWorkers).isEqualTo(2L * (JOBS_PER_TENANT + 2));
    }

    @Test
    @Order(4)
    void aFurtherRunFindsNothingToMove() {
        assertThat(distribute(false)).isEmpty();
    }

    private List<Distribution.Move> distribute(boolean dryRun) {
        return new QueueSchemaMigrations(owner, MigrationSettings.DEFAULT).distribute(dryRun, move -> { });
    }

    /** Waits for the session running create_distributed_table on {@code table} and terminates it. */
    private boolean killWhenMoving(String table) throws SQLException, InterruptedException {
        try (Connection c = database.open()) {
            for (int attempt = 0; attempt < 3000; attempt++) {
                List<List<String>> killed = rows(c, "select pg_terminate_backend(pid) from pg_stat_activity where pid <> pg_backend_pid() "
                        + "and datname = current_database() and query like ?", "select create_distributed_table('" + table + "'%");
                if (!killed.isEmpty()) {
                    return true;
                }
                Thread.sleep(10);
            }
        }
        return false;
    }

    private List<String> allTables() {
        List<String> tables = new ArrayList<>(TwoTenants.tables());
        tables.add("tenants");
        return tables;
    }

    private Map<String, TableDistribution> placement() throws SQLException {
        try (Connection c = database.open()) {
            return CitusCatalog.distributions(c).stream().filter(d -> !d.table().equals(QueueSchemaMigrations.HISTORY_TABLE))
                    .collect(Collectors.toMap(TableDistribution::table, d -> d));
        }
    }

    /** Count and checksum of each table, as the superuser (whom row-level security does not bind) reads it. */
    private Map<String, String> rowsNow() throws SQLException {
        Map<String, String> tallies = new TreeMap<>();
        for (String table : allTables()) {
            tallies.put(table, rows("select count(*) || ',' || coalesce(sum(hashtextextended(t::text, 0)), 0) from " + table + " t")
                    .get(0).get(0));
        }
        return tallies;
    }
}
