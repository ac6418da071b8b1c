package org.queueservice.schema.migrations.provision;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.migrations.internal.QueryRows;
import org.queueservice.schema.model.SqlRenderer;

/**
 * A throwaway database for one test class or one code-generation run, created on a PostgreSQL server
 * and dropped on {@link #close()}. The server comes from {@code QUEUE_TEST_DB_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres}) with {@code QUEUE_TEST_DB_USER} (default
 * {@code postgres}) and {@code QUEUE_TEST_DB_PASSWORD}, or, with {@code -Dqueue.test.db=testcontainers},
 * from a PostgreSQL container started once per JVM. The connecting user must be allowed to create
 * databases and roles, as a superuser is.
 */
public final class ScratchDatabase implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConnectionSettings admin;
    private final ConnectionSettings database;
    private final java.util.List<String> loginRoles = new java.util.ArrayList<>();
    /** The session whose pid and start its name records ({@link #createHeldBySession}); null otherwise. */
    private final Connection holder;

    private ScratchDatabase(ConnectionSettings admin, ConnectionSettings database, Connection holder) {
        this.admin = admin;
        this.database = database;
        this.holder = holder;
    }

    /** A new empty database whose name starts with {@code qs_<purpose>_}, on the test server. */
    public static ScratchDatabase create(String purpose) {
        return create(server(), purpose);
    }

    /** A new empty database whose name starts with {@code qs_<purpose>_}, on the server of {@code admin}. */
    public static ScratchDatabase create(ConnectionSettings admin, String purpose) {
        String name = "qs_" + purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
                + "_" + HexFormat.of().formatHex(RANDOM.generateSeed(4));
        name = name.length() > 63 ? name.substring(0, 54) + name.substring(name.length() - 9) : name;
        try (Connection c = admin.open(); Statement s = c.createStatement()) {
            s.execute(SqlRenderer.render(DSL.createDatabase(DSL.name(name))));
        } catch (SQLException e) {
            throw new TestServerUnavailable(unreachable(admin, e), e);
        }
        return new ScratchDatabase(admin, admin.withDatabase(name), null);
    }

    /**
     * A new empty database named {@code qs_<purpose>_<pid>_<start>} after the server session that creates it
     * (its backend pid and start, in epoch seconds), which stays open until {@link #close()}. First drops every
     * {@code qs_<purpose>_<pid>_<start>} database of the connecting user whose session is gone: a run killed
     * before it could drop its own (the owner's sessions are always visible to it in pg_stat_activity).
     */
    public static ScratchDatabase createHeldBySession(ConnectionSettings admin, String purpose) {
        String prefix = "qs_" + purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_") + "_";
        Connection holder = null;
        try {
            holder = admin.open();
            List<List<String>> stale = QueryRows.of(holder, "select d.datname from pg_database d "
                    + "where d.datdba = (select oid from pg_roles where rolname = current_user) and d.datname ~ ('^' || ? || '[0-9]+_[0-9]+$') "
                    + "and not exists (select 1 from pg_stat_activity a where d.datname = ? || a.pid || '_' "
                    + "|| extract(epoch from date_trunc('second', a.backend_start))::bigint)", prefix, prefix);
            String name = QueryRows.of(holder, "select ? || pg_backend_pid() || '_' || extract(epoch from date_trunc('second', "
                    + "backend_start))::bigint from pg_stat_activity where pid = pg_backend_pid()", prefix).get(0).get(0);
            try (Statement s = holder.createStatement()) {
                for (List<String> left : stale) {
                    s.execute(SqlRenderer.render(DSL.query("drop database if exists {0} with (force)", DSL.name(left.get(0)))));
                }
                s.execute(SqlRenderer.render(DSL.createDatabase(DSL.name(name))));
            }
            return new ScratchDatabase(admin, admin.withDatabase(name), holder);
        } catch (SQLException e) {
            closeAfterFailure(holder, e);
            throw new IllegalStateException(unreachable(admin, e), e);
        }
    }

    /** Closes the holder after a failure, keeping that failure as what is reported. */
    private static void closeAfterFailure(Connection holder, SQLException failure) {
        if (holder != null) {
            try {
                holder.close();
            } catch (SQLException closing) {
                failure.addSuppressed(closing);
            }
        }
    }

    /**
     * The scratch database {@code name} on the test server and the login roles made for it, created by an
     * earlier process (the consumer project's setup), so that this one can {@link #close()} it.
     */
    public static ScratchDatabase existing(String name, List<String> loginRoles) {
        ConnectionSettings admin = server();
        ScratchDatabase database = new ScratchDatabase(admin, admin.withDatabase(name), null);
        database.loginRoles.addAll(loginRoles);
        return database;
    }

    /** The server every scratch database is created on, as the admin user. */
    public static ConnectionSettings server() {
        String mode = System.getProperty("queue.test.db", "url");
        return switch (mode) {
            case "url" -> new ConnectionSettings(
                    env("QUEUE_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/postgres"),
                    env("QUEUE_TEST_DB_USER", "postgres"),
                    env("QUEUE_TEST_DB_PASSWORD", ""));
            case "testcontainers" -> Container.settings();
            default -> throw new IllegalStateException(
                    "queue.test.db must be 'url' (QUEUE_TEST_DB_URL, the default) or 'testcontainers', not '" + mode + "'");
        };
    }

    public ConnectionSettings settings() {
        return database;
    }

    public String name() {
        return database.database();
    }

    public Connection open() throws SQLException {
        return database.open();
    }

    /**
     * A new login role that is a member of {@code groupRoles} (of none, if none are given) and nothing
     * more: neither superuser nor owner, so row-level security applies to it. Dropped, after the
     * database, on {@link #close()}.
     */
    public ConnectionSettings loginAs(String... groupRoles) {
        String prefix = "qs_login_" + name();
        String role = prefix.substring(0, Math.min(prefix.length(), 55)) + "_" + loginRoles.size();
        String password = HexFormat.of().formatHex(RANDOM.generateSeed(16));
        org.jooq.Query create = groupRoles.length == 0
                ? DSL.query("create role {0} login password {1}", DSL.name(role), DSL.inline(password))
                : DSL.query("create role {0} login password {1} in role {2}", DSL.name(role), DSL.inline(password),
                        DSL.list(java.util.Arrays.stream(groupRoles).map(DSL::name).toList()));
        // Through this database, not the server's admin one: on a Citus coordinator only a statement run in a
        // database with the extension is propagated, so the role then exists on the workers too.
        try (Connection c = database.open(); Statement s = c.createStatement()) {
            s.execute(SqlRenderer.render(create));
        } catch (SQLException e) {
            throw new IllegalStateException("could not create a login role in " + String.join(", ", groupRoles) + ": " + e.getMessage(), e);
        }
        loginRoles.add(role);
        return new ConnectionSettings(database.url(), role, password);
    }

    /**
     * A new login that owns this database and its public schema and may create roles, but is not a
     * superuser: tables migrated as it are owned by a role that row-level security (FORCE) still binds.
     * Dropped, after the database, on {@link #close()}.
     */
    public ConnectionSettings ownerLogin() {
        String prefix = "qs_owner_" + name();
        String role = prefix.substring(0, Math.min(prefix.length(), 55)) + "_" + loginRoles.size();
        String password = HexFormat.of().formatHex(RANDOM.generateSeed(16));
        // Through this database, as for loginAs: on a Citus coordinator the role then reaches the workers.
        try (Connection c = database.open(); Statement s = c.createStatement()) {
            s.execute(SqlRenderer.render(DSL.query("create role {0} login createrole password {1}",
                    DSL.name(role), DSL.inline(password))));
            s.execute(SqlRenderer.render(DSL.query("alter database {0} owner to {1}", DSL.name(name()), DSL.name(role))));
        } catch (SQLException e) {
            throw new IllegalStateException("could not create an owner login for " + name() + ": " + e.getMessage(), e);
        }
        loginRoles.add(role);
        try (Connection c = database.open(); Statement s = c.createStatement()) {
            s.execute(SqlRenderer.render(DSL.query("alter schema public owner to {0}", DSL.name(role))));
        } catch (SQLException e) {
            throw new IllegalStateException("could not hand the public schema of " + name() + " to " + role + ": " + e.getMessage(), e);
        }
        return new ConnectionSettings(database.url(), role, password);
    }

    /** The login roles made for this database, which {@link #close()} drops. */
    List<String> loginRoles() {
        return List.copyOf(loginRoles);
    }

    @Override
    public void close() {
        try (Connection c = admin.open(); Statement s = c.createStatement()) {
            // FORCE: a test that failed half-way may have left a connection open.
            s.execute(SqlRenderer.render(DSL.query("drop database if exists {0} with (force)", DSL.name(name()))));
            for (String role : loginRoles) {
                s.execute(SqlRenderer.render(DSL.query("drop role if exists {0}", DSL.name(role))));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop scratch database " + name() + ": " + e.getMessage(), e);
        } finally {
            if (holder != null) {
                closeHolder();
            }
        }
    }

    private void closeHolder() {
        try {
            holder.close();
        } catch (SQLException e) {
            throw new IllegalStateException("could not close the session holding " + name() + ": " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String unreachable(ConnectionSettings admin, SQLException e) {
        return "Cannot create a scratch database on " + admin + ": " + e.getMessage().replaceFirst("\\.$", "")
                + ". Start PostgreSQL there (docs/running-the-tests.md), point QUEUE_TEST_DB_URL, QUEUE_TEST_DB_USER and"
                + " QUEUE_TEST_DB_PASSWORD at a server whose user may create databases and roles,"
                + " or run with -Dqueue.test.db=testcontainers where Docker is available.";
    }

    /** Loaded only in testcontainers mode, so that Testcontainers stays an optional dependency. */
    private static final class Container {
        private static org.testcontainers.containers.PostgreSQLContainer<?> postgres;

        static synchronized ConnectionSettings settings() {
            if (postgres == null) {
                var container = new org.testcontainers.containers.PostgreSQLContainer<>("postgres:15-alpine");
                try {
                    container.start();
                } catch (RuntimeException e) {
                    throw new IllegalStateException("-Dqueue.test.db=testcontainers could not start a postgres:15-alpine "
                            + "container (" + e.getMessage() + "). Start Docker, or drop that option and point "
                            + "QUEUE_TEST_DB_URL at a PostgreSQL server.", e);
                }
                postgres = container; // stopped by Testcontainers' reaper when the JVM exits
            }
            return new ConnectionSettings(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword());
        }
    }
}
