package org.queueservice.schema.migrations;

import java.util.Optional;

import org.junit.jupiter.api.Assertions;
import org.opentest4j.TestAbortedException;
import org.queueservice.schema.migrations.provision.CitusCluster;

/** The cluster of the Citus integration tests; without one they skip, saying why, unless they are required (CI). */
final class CitusTestCluster {

    private CitusTestCluster() {
    }

    static CitusCluster requireOrSkip() {
        Optional<CitusCluster> cluster = CitusCluster.fromEnvironment();
        if (cluster.isPresent()) {
            return cluster.get();
        }
        if (CitusCluster.required()) {
            Assertions.fail(CitusCluster.missing() + "; they are required here (CI=true or QUEUE_TEST_CITUS=required).");
        }
        throw new TestAbortedException(CitusCluster.missing() + "; skipping the Citus integration tests.");
    }
}
