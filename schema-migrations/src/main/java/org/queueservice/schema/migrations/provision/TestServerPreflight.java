package org.queueservice.schema.migrations.provision;

/**
 * Run by the build before the integration tests: creates and drops one scratch database (and one on the Citus
 * cluster, when there is one or one is required), so that a test
 * server that is missing, or whose user may not create databases, stops the build with one line saying
 * how to provide one, rather than with a failure and a stack trace in every test class.
 */
public final class TestServerPreflight {

    private TestServerPreflight() {
    }

    public static void main(String[] args) {
        if ("testcontainers".equals(System.getProperty("queue.test.db"))) {
            return; // the container is started, and checked, by the tests' own JVM
        }
        // Run in Maven's JVM (exec:java), which reports what this throws by its message: TestServerUnavailable has no stack.
        ScratchDatabase.create("preflight").close();
        citus();
    }

    /**
     * Where the Citus integration tests are required (CI), a missing or unusable cluster fails the build here
     * rather than letting them skip; elsewhere a cluster that is named must work, and none is fine.
     */
    private static void citus() {
        java.util.Optional<CitusCluster> cluster = CitusCluster.fromEnvironment();
        if (cluster.isEmpty()) {
            if (CitusCluster.required()) {
                throw new TestServerUnavailable(CitusCluster.missing() + "; they are required here (CI=true or QUEUE_TEST_CITUS=required).",
                        null);
            }
            return;
        }
        CitusScratchDatabase.create(cluster.get(), "preflight").close();
    }
}
