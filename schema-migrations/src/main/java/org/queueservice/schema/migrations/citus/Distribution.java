package org.queueservice.schema.migrations.citus;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.migrations.MigrationFailure;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.internal.FailedTransaction;
import org.queueservice.schema.model.SqlRenderer;

/**
 * Places the queue's tables on a Citus cluster: tenants a reference table, then every tenant table distributed
 * by {@code tenant_id}, all in the colocation group of jobs, so that a tenant's rows of every table sit on one
 * shard of one worker and every per-tenant query and foreign key stays on it. Each table is moved in its own
 * transaction that holds it against writers, counts its rows before and after and commits only when they
 * agree: a run that is killed leaves each table either moved or untouched, and running again moves the rest.
 * Citus copies a distributed table's policies, triggers, grants and checks to every shard.
 */
public final class Distribution {

    /** What the cluster itself must offer, distributed tables or not. */
    private static final List<DistributionCheck> CLUSTER_CHECKS = List.of(new Cit1CitusVersion(), new Cit2WorkersReachable(),
            new Cit3NodeSettings(), new Cit4RolesOnWorkers());
    private static final List<DistributionCheck> CHECKS = Stream.concat(CLUSTER_CHECKS.stream(),
            Stream.of(new Cit5TablesOwned(), new Cit6DistributableShape())).toList();

    /** One table placed (or, in a dry run, to be placed), with its rows before and after. */
    public record Move(String table, String placement, RowTally before, RowTally after) {

        public String line() {
            return String.format("  %-20s %-34s before: %s; after: %s", table, placement, before, after == null ? "-" : after);
        }
    }

    /** The first version whose schema Citus can distribute: its keys hold tenant_id and its policies no sub-select. */
    public static final int FIRST_DISTRIBUTABLE_VERSION = 4;

    private Distribution() {
    }

    /**
     * Why a rollback to {@code target} must not start on this database: below {@link #FIRST_DISTRIBUTABLE_VERSION}
     * the keys and policies would have to change on distributed tables, which Citus refuses half-way. Empty when
     * the target is at or above it or no table is placed by Citus.
     */
    public static Optional<String> rollbackRefusal(Connection c, int target) throws SQLException {
        if (target >= FIRST_DISTRIBUTABLE_VERSION) {
            return Optional.empty();
        }
        List<String> placed = CitusCatalog.distributions(c).stream().filter(d -> d.reference() || d.method().equals("distributed"))
                .map(TableDistribution::table).toList();
        if (placed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("rollback refused: " + c.getCatalog() + " is distributed by Citus (" + String.join(", ", placed)
                + "), and below V" + FIRST_DISTRIBUTABLE_VERSION + " its tables cannot stay distributed. Make them local again first, "
                + "as their owner on the coordinator: SELECT undistribute_table('" + CitusCatalog.TENANTS
                + "', cascade_via_foreign_keys => true); (rows, policies and triggers are kept; the tables then live on the "
                + "coordinator alone), then run rollback again. Nothing was changed.");
    }

    /** Why distributing must not start, each line with its check's code; empty when it may. */
    public static List<String> preflight(Connection c, MigrationSettings settings) throws SQLException {
        return refusals(c, settings, CHECKS);
    }

    /**
     * What the preflight's checks of the cluster itself (CIT1 to CIT4: the Citus version, the workers, the nodes'
     * settings, the roles on the workers) find on a coordinator, each line with its code: the cluster must still
     * pass them once the tables are distributed, which the audit checks.
     */
    public static List<String> clusterProblems(Connection c, MigrationSettings settings) throws SQLException {
        return refusals(c, settings, CLUSTER_CHECKS);
    }

    private static List<String> refusals(Connection c, MigrationSettings settings, List<DistributionCheck> checks) throws SQLException {
        List<String> refusals = new ArrayList<>();
        for (DistributionCheck check : checks) {
            check.refusals(c, settings).forEach(refusal -> refusals.add(check.code() + ": " + refusal));
            if (check instanceof Cit1CitusVersion && !refusals.isEmpty()) {
                break; // the other checks ask Citus itself
            }
        }
        return refusals;
    }

    /**
     * {@code queue-schema distribute}: on a Citus coordinator, places the tables of a database at the latest
     * version that are still local (restored there from a single server, say), reporting each table to
     * {@code progress} as it is committed. Refuses, changing nothing, a database with versions {@code pending}
     * ("V3") or one the preflight finds a problem with.
     */
    public static List<Move> ofLatest(ConnectionSettings database, MigrationSettings settings, List<String> pending,
                                      boolean dryRun, Consumer<Move> progress) {
        if (!pending.isEmpty()) {
            throw new MigrationFailure("distribute refused: " + database.database() + " has versions pending ("
                    + String.join(", ", pending) + "); run migrate, which on a Citus coordinator also distributes the tables. "
                    + "Nothing was changed.");
        }
        try (Connection c = database.open()) {
            return run(c, settings, dryRun, progress);
        } catch (SQLException e) {
            throw MigrationFailure.of("distribute", e);
        }
    }

    /**
     * Places every table not yet placed, reporting each to {@code progress} once it is committed; with
     * {@code dryRun}, counts their rows and changes nothing. Refuses, changing nothing, while the preflight finds
     * a problem.
     */
    public static List<Move> run(Connection c, MigrationSettings settings, boolean dryRun, Consumer<Move> progress) throws SQLException {
        List<String> refusals = preflight(c, settings);
        if (!refusals.isEmpty()) {
            throw new MigrationFailure("distribute refused: " + String.join("; ", refusals) + ". Nothing was changed.");
        }
        Map<String, TableDistribution> placed = CitusCatalog.distributions(c).stream()
                .collect(Collectors.toMap(TableDistribution::table, d -> d));
        List<String> toDistribute = new ArrayList<>();
        for (String table : CitusCatalog.tenantTables(c)) {
            if (!placed.get(table).distributedBy(CitusCatalog.DISTRIBUTION_COLUMN)) {
                toDistribute.add(table);
            }
        }
        boolean tenantsPending = !placed.get(CitusCatalog.TENANTS).reference();
        List<Move> moves = new ArrayList<>();
        if (!tenantsPending && toDistribute.isEmpty()) {
            return moves;
        }
        c.setAutoCommit(false);
        try {
            if (!dryRun) {
                allowTriggers(c);
            }
            if (tenantsPending) {
                moves.add(move(c, CitusCatalog.TENANTS, "reference table", dryRun, progress));
            }
            for (String table : toDistribute) {
                moves.add(move(c, table, "distributed by " + CitusCatalog.DISTRIBUTION_COLUMN, dryRun, progress));
            }
            if (!dryRun && tenantsPending) {
                // The copy Citus leaves in the coordinator's own table; removable only once nothing local references it.
                execute(c, DSL.query("select truncate_local_data_after_distributing_table({0})", DSL.inline(CitusCatalog.TENANTS)));
                c.commit();
            }
        } catch (SQLException | RuntimeException e) {
            FailedTransaction.rollBack(c, e);
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
        return moves;
    }

    /**
     * For this session and, as the database's default, for Flyway's sessions of later versions: Citus refuses
     * triggers on distributed tables without it; ours only set updated_at on the row they fire for, which is safe.
     */
    private static void allowTriggers(Connection c) throws SQLException {
        execute(c, DSL.query("set " + Cit3NodeSettings.UNSAFE_TRIGGERS + " = on"));
        execute(c, DSL.query("alter database {0} set " + Cit3NodeSettings.UNSAFE_TRIGGERS + " = on", DSL.name(c.getCatalog())));
        c.commit();
    }

    private static Move move(Connection c, String table, String placement, boolean dryRun, Consumer<Move> progress) throws SQLException {
        boolean tenants = table.equals(CitusCatalog.TENANTS);
        // Writers wait (readers do not) from the first count until the commit, so both counts see the same rows.
        execute(c, DSL.query("lock table {0} in share mode", DSL.name(table)));
        List<UUID> tenantIds = tenants ? List.of() : RowTally.tenants(c);
        RowTally before = tenants ? RowTally.ofTenants(c) : RowTally.ofTenantTable(c, table, tenantIds);
        if (dryRun) {
            c.rollback();
            Move move = new Move(table, "would be " + placement, before, null);
            progress.accept(move);
            return move;
        }
        if (tenants) {
            execute(c, DSL.query("select create_reference_table({0})", DSL.inline(table)));
        } else {
            // Citus copies the rows into the shards with COPY over the owner's connections, which a shard refuses while
            // FORCE binds the owner. Lifted and restored inside this transaction, under the lock: no other session ever
            // sees the table without it, and the restoring ALTER reaches every shard.
            boolean forced = "t".equals(org.queueservice.schema.migrations.internal.QueryRows.of(c,
                    "select relforcerowsecurity from pg_class where oid = ?::regclass", table).get(0).get(0));
            if (forced) {
                execute(c, DSL.query("alter table {0} no force row level security", DSL.name(table)));
            }
            execute(c, DSL.query("select create_distributed_table({0}, {1}, colocate_with => {2})", DSL.inline(table),
                    DSL.inline(CitusCatalog.DISTRIBUTION_COLUMN),
                    DSL.inline(table.equals(CitusCatalog.ANCHOR) ? "none" : CitusCatalog.ANCHOR)));
            if (forced) {
                execute(c, DSL.query("alter table {0} force row level security", DSL.name(table)));
            }
        }
        RowTally after = tenants ? RowTally.ofTenants(c) : RowTally.ofTenantTable(c, table, tenantIds);
        if (!after.equals(before)) {
            c.rollback();
            throw new MigrationFailure("distribute stopped at " + table + ": before the move it held " + before + ", after it "
                    + after + "; the move was rolled back and " + table + " is as it was");
        }
        if (!tenants) {
            execute(c, DSL.query("select truncate_local_data_after_distributing_table({0})", DSL.inline(table)));
        }
        c.commit();
        Move move = new Move(table, placement, before, after);
        progress.accept(move);
        return move;
    }

    private static void execute(Connection c, org.jooq.Query query) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(SqlRenderer.render(query));
        }
    }
}
