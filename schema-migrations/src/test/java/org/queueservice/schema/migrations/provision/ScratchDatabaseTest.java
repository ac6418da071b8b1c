package org.queueservice.schema.migrations.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.queueservice.schema.migrations.ConnectionSettings;

class ScratchDatabaseTest {

    @Test
    void aMissingServerFailsWithHowToProvideOneInsteadOfSkipping() {
        ConnectionSettings nowhere = new ConnectionSettings("jdbc:postgresql://127.0.0.1:1/postgres", "postgres", "");

        assertThatThrownBy(() -> ScratchDatabase.create(nowhere, "anything"))
                .isInstanceOf(TestServerUnavailable.class)
                .hasMessageStartingWith("Cannot create a scratch database on jdbc:postgresql://127.0.0.1:1/postgres as postgres: ")
                .hasMessageNotContaining("..")
                .hasMessageContaining("QUEUE_TEST_DB_URL")
                .hasMessageContaining("-Dqueue.test.db=testcontainers")
                // The message says it all: no stack frames, no cause repeating it.
                .hasNoCause()
                .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
    }

    @Test
    void anUnknownProvisioningModeIsRejected() {
        String before = System.getProperty("queue.test.db");
        System.setProperty("queue.test.db", "docker");
        try {
            assertThatThrownBy(ScratchDatabase::server)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("queue.test.db must be 'url' (QUEUE_TEST_DB_URL, the default) or 'testcontainers', not 'docker'");
        } finally {
            if (before == null) {
                System.clearProperty("queue.test.db");
            } else {
                System.setProperty("queue.test.db", before);
            }
        }
    }
}
