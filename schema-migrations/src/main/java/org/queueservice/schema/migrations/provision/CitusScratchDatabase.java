package org.queueservice.schema.migrations.provision;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.model.SqlRenderer;

/**
 * A throwaway database on every node of a Citus cluster, for one test class: Citus keeps its node list per
 * database and creates no database on the workers, so the database is created on each node, the extension
 * in each, and the workers are registered in the coordinator's. Login roles are created through the
 * coordinator's database, where Citus propagates them to the workers. Dropped everywhere on {@link #close()}.
 */
public final class CitusScratchDatabase implements AutoCloseable {

    private final CitusCluster cluster;
    private final ScratchDatabase coordinator;
    /** Whether the coordinator's database has the extension: from then on Citus carries roles and ownership to the workers. */
    private boolean clustered;

    private CitusScratchDatabase(CitusCluster cluster, ScratchDatabase coordinator) {
        this.cluster = cluster;
        this.coordinator = coordinator;
    }

    /** A new database named {@code qs_<purpose>_...} on every node of {@code cluster}, the workers registered in it. */
    public static CitusScratchDatabase create(CitusCluster cluster, String purpose) {
        CitusScratchDatabase database = createLocal(cluster, purpose);
        database.becomeCoordinator();
        return database;
    }

    /**
     * A new database on every node with the extension on the workers only: on the coordinator a plain
     * PostgreSQL database until {@link #becomeCoordinator()}, as one restored there from a single server is.
     */
    public static CitusScratchDatabase createLocal(CitusCluster cluster, String purpose) {
        ScratchDatabase coordinator = ScratchDatabase.create(cluster.coordinator(), purpose);
        CitusScratchDatabase database = new CitusScratchDatabase(cluster, coordinator);
        database.prepare(() -> {
            for (CitusCluster.Node worker : cluster.workers()) {
                execute(worker.as(cluster.coordinator(), "postgres"), DSL.createDatabase(DSL.name(coordinator.name())));
                execute(worker.as(cluster.coordinator(), coordinator.name()), DSL.query("create extension if not exists citus"));
            }
        });
        return database;
    }

    /** Creates the extension in the coordinator's database and registers the workers in it. */
    public void becomeCoordinator() {
        prepare(() -> {
            ConnectionSettings settings = coordinator.settings();
            execute(settings, DSL.query("create extension if not exists citus"));
            // The coordinator as the workers reach it: the host and port of the URL the tests use.
            java.util.Properties url = org.postgresql.Driver.parseURL(settings.url(), null);
            execute(settings, DSL.query("select citus_set_coordinator_host({0}, {1})", DSL.inline(url.getProperty("PGHOST")),
                    DSL.inline(Integer.parseInt(url.getProperty("PGPORT")))));
            for (CitusCluster.Node worker : cluster.workers()) {
                execute(settings, DSL.query("select citus_add_node({0}, {1})", DSL.inline(worker.host()), DSL.inline(worker.port())));
            }
            clustered = true;
        });
    }

    private interface Step {
        void run() throws SQLException;
    }

    /** Runs {@code step}; on failure drops what exists and says which cluster could not be prepared. */
    private void prepare(Step step) {
        try {
            step.run();
        } catch (SQLException | RuntimeException e) {
            try {
                close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new TestServerUnavailable("Cannot prepare a Citus database " + name() + " on the coordinator "
                    + cluster.coordinator() + " and workers " + cluster.workers() + ": " + e.getMessage(),
                    e instanceof SQLException sql ? sql : null);
        }
    }

    public ConnectionSettings settings() {
        return coordinator.settings();
    }

    public String name() {
        return coordinator.name();
    }

    public Connection open() throws SQLException {
        return coordinator.open();
    }

    /** The same login on worker {@code index}'s copy of this database: to look at the shards themselves. */
    public ConnectionSettings onWorker(int index) {
        CitusCluster.Node worker = cluster.workers().get(index);
        ConnectionSettings login = coordinator.settings();
        return new ConnectionSettings("jdbc:postgresql://" + worker.host() + ":" + worker.port() + "/" + name(), login.user(),
                login.password());
    }

    public List<CitusCluster.Node> workers() {
        return cluster.workers();
    }

    /** {@link ScratchDatabase#loginAs}: a login in {@code groupRoles} alone, on every node. */
    public ConnectionSettings loginAs(String... groupRoles) {
        return coordinator.loginAs(groupRoles);
    }

    /** The database on the coordinator, as a {@link ScratchDatabase}: what the tests of plain PostgreSQL use. */
    public ScratchDatabase coordinator() {
        return coordinator;
    }

    /**
     * {@link ScratchDatabase#ownerLogin}, owning the database and its public schema on the workers too: Citus
     * creates the shards over the owner's own connections to the workers.
     */
    public ConnectionSettings ownerLogin() {
        ConnectionSettings owner = coordinator.ownerLogin();
        // A worker refuses these once it holds Citus' metadata; the coordinator then propagates them itself.
        for (CitusCluster.Node worker : clustered ? List.<CitusCluster.Node>of() : cluster.workers()) {
            try {
                // Created through a database without the extension yet (createLocal), the role has not reached the workers.
                execute(worker.as(cluster.coordinator(), name()), DSL.query("do {0}", DSL.inline(SqlRenderer.render(DSL.query(
                        "begin if not exists (select 1 from pg_roles where rolname = {0}) then create role {1} login createrole; end if; end",
                        DSL.inline(owner.user()), DSL.name(owner.user()))))));
                execute(worker.as(cluster.coordinator(), name()), DSL.query("alter schema public owner to {0}", DSL.name(owner.user())));
                execute(worker.as(cluster.coordinator(), name()), DSL.query("alter database {0} owner to {1}", DSL.name(name()),
                        DSL.name(owner.user())));
            } catch (SQLException e) {
                throw new IllegalStateException("could not hand " + name() + " on worker " + worker + " to " + owner.user() + ": "
                        + e.getMessage(), e);
            }
        }
        return owner;
    }

    @Override
    public void close() {
        List<String> failures = new ArrayList<>();
        for (CitusCluster.Node worker : cluster.workers()) {
            try {
                execute(worker.as(cluster.coordinator(), "postgres"),
                        DSL.query("drop database if exists {0} with (force)", DSL.name(name())));
            } catch (SQLException e) {
                failures.add(worker + ": " + e.getMessage());
            }
        }
        coordinator.close();
        // Dropped on the coordinator outside a Citus database, the login roles would stay on the workers.
        for (CitusCluster.Node worker : cluster.workers()) {
            for (String role : coordinator.loginRoles()) {
                try {
                    execute(worker.as(cluster.coordinator(), "postgres"), DSL.query("drop role if exists {0}", DSL.name(role)));
                } catch (SQLException e) {
                    failures.add(worker + ": " + e.getMessage());
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("could not drop Citus scratch database " + name() + " everywhere: " + failures);
        }
    }

    private static void execute(ConnectionSettings on, org.jooq.Query query) throws SQLException {
        try (Connection c = on.open(); Statement s = c.createStatement()) {
            s.execute(SqlRenderer.render(query));
        }
    }
}
