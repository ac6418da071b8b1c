package org.queueservice.schema.migrations.provision;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.migrations.internal.QueryRows;

/**
 * The Citus cluster the Citus integration tests run on: a coordinator, from {@code QUEUE_TEST_CITUS_URL} (with
 * {@code QUEUE_TEST_CITUS_USER}, default {@code postgres}, and {@code QUEUE_TEST_CITUS_PASSWORD}), and its
 * workers, from {@code QUEUE_TEST_CITUS_WORKERS} ({@code host:port,host:port}) or, when that is unset, from the
 * nodes registered in the coordinator URL's database. The same user reaches every node and may create databases.
 */
public record CitusCluster(ConnectionSettings coordinator, List<Node> workers) {

    /** A worker as the coordinator and the tests both reach it. */
    public record Node(String host, int port) {

        static Node parse(String hostAndPort) {
            int colon = hostAndPort.lastIndexOf(':');
            if (colon <= 0 || colon == hostAndPort.length() - 1) {
                throw new IllegalArgumentException("QUEUE_TEST_CITUS_WORKERS must list host:port pairs separated by commas, got '"
                        + hostAndPort + "'");
            }
            try {
                return new Node(hostAndPort.substring(0, colon).trim(), Integer.parseInt(hostAndPort.substring(colon + 1).trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the port of worker '" + hostAndPort + "' in QUEUE_TEST_CITUS_WORKERS is not a number", e);
            }
        }

        /** The same login as {@code coordinator}, on this worker's database {@code database}. */
        ConnectionSettings as(ConnectionSettings coordinator, String database) {
            return new ConnectionSettings("jdbc:postgresql://" + host + ":" + port + "/" + database, coordinator.user(),
                    coordinator.password());
        }
    }

    public CitusCluster {
        workers = List.copyOf(workers);
    }

    /**
     * Whether the Citus integration tests must run: on a CI server ({@code CI=true}, as GitHub Actions and
     * {@code .ci/run} set it) or when {@code QUEUE_TEST_CITUS=required}. Elsewhere they skip without a cluster.
     */
    public static boolean required() {
        return required(System::getenv);
    }

    static boolean required(Function<String, String> environment) {
        return "true".equalsIgnoreCase(environment.apply("CI")) || "required".equalsIgnoreCase(environment.apply("QUEUE_TEST_CITUS"));
    }

    /** The cluster the environment names, empty when {@code QUEUE_TEST_CITUS_URL} is unset. */
    public static Optional<CitusCluster> fromEnvironment() {
        return fromEnvironment(System::getenv);
    }

    static Optional<CitusCluster> fromEnvironment(Function<String, String> environment) {
        String url = environment.apply("QUEUE_TEST_CITUS_URL");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        String user = environment.apply("QUEUE_TEST_CITUS_USER");
        ConnectionSettings coordinator = new ConnectionSettings(url, user == null || user.isBlank() ? "postgres" : user,
                environment.apply("QUEUE_TEST_CITUS_PASSWORD"));
        String workers = environment.apply("QUEUE_TEST_CITUS_WORKERS");
        return Optional.of(new CitusCluster(coordinator, workers == null || workers.isBlank()
                ? registeredWorkers(coordinator) : List.of(workers.split(",")).stream().map(Node::parse).toList()));
    }

    /** What the tests need and do not have, for the build's one-line failure and the tests' skip message. */
    public static String missing() {
        return "No Citus cluster for the Citus integration tests: set QUEUE_TEST_CITUS_URL to a coordinator's JDBC URL "
                + "(and QUEUE_TEST_CITUS_WORKERS to its workers, host:port,host:port) (docs/running-the-tests.md)";
    }

    /** The workers registered in the coordinator URL's database (as {@code citus_add_node} leaves them). */
    private static List<Node> registeredWorkers(ConnectionSettings coordinator) {
        try (Connection c = coordinator.open()) {
            List<Node> nodes = new ArrayList<>();
            if (QueryRows.of(c, "select 1 from pg_extension where extname = 'citus'").isEmpty()) {
                throw new TestServerUnavailable(noWorkers(coordinator), null);
            }
            for (List<String> row : QueryRows.of(c, "select nodename, nodeport from pg_dist_node where groupid <> 0 "
                    + "and noderole = 'primary' order by nodeid")) {
                nodes.add(new Node(row.get(0), Integer.parseInt(row.get(1))));
            }
            if (nodes.isEmpty()) {
                throw new TestServerUnavailable(noWorkers(coordinator), null);
            }
            return nodes;
        } catch (SQLException e) {
            throw new TestServerUnavailable("Cannot reach the Citus coordinator " + coordinator + " (QUEUE_TEST_CITUS_URL): "
                    + e.getMessage(), e);
        }
    }

    private static String noWorkers(ConnectionSettings coordinator) {
        return "QUEUE_TEST_CITUS_WORKERS is unset and " + coordinator.database() + " on " + coordinator
                + " registers no worker; set QUEUE_TEST_CITUS_WORKERS=host:port,host:port";
    }
}
