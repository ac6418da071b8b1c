package org.queueservice.schema.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class DatabaseRolesTest {

    /** 31 two-byte characters: 62 bytes, one short of PostgreSQL's limit. */
    private static final String PREFIX = "é".repeat(31);

    @Test
    void namesAreCutLikePostgreSQLCutsThem() {
        assertThat(DatabaseRoles.stored("queue_app")).isEqualTo("queue_app");
        assertThat(DatabaseRoles.stored("a".repeat(63))).isEqualTo("a".repeat(63));
        // The 32nd "é" would need bytes 63 and 64: PostgreSQL drops the whole character, never half of it.
        assertThat(DatabaseRoles.stored(PREFIX + "éa")).isEqualTo(PREFIX);
        assertThat(DatabaseRoles.stored(PREFIX + "a" + "é")).isEqualTo(PREFIX + "a");
        assertThat(DatabaseRoles.stored(PREFIX + "€x").getBytes(StandardCharsets.UTF_8)).hasSize(62);
    }

    @Test
    void twoNamesThatBecomeOneRoleAreRefused() {
        assertThatThrownBy(() -> new DatabaseRoles(PREFIX + "é_app", PREFIX + "é_ops"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the application and maintenance roles must differ, both are " + PREFIX
                        + " once PostgreSQL cuts the names to 63 bytes");
        assertThatThrownBy(() -> new DatabaseRoles("svc", "svc"))
                .hasMessage("the application and maintenance roles must differ, both are svc");
        assertThat(new DatabaseRoles(PREFIX + "a", PREFIX + "b").application()).isEqualTo(PREFIX + "a");
        // Kept as PostgreSQL stores it: the catalog lookups of the migrations compare the text uncut.
        assertThat(new DatabaseRoles(PREFIX + "éa", "ops").application()).isEqualTo(PREFIX);
    }

    @Test
    void reservedNamesAreRefused() {
        for (String reserved : new String[] {"postgres", "public", "PUBLIC", "current_user", "session_user", "none", "pg_monitor",
                "pg_queue"}) {
            assertThatThrownBy(() -> new DatabaseRoles(reserved, "queue_maintenance")).as(reserved)
                    .hasMessageStartingWith("the application role name '" + reserved + "' is reserved");
            assertThatThrownBy(() -> new DatabaseRoles("queue_app", reserved)).as(reserved)
                    .hasMessageStartingWith("the maintenance role name '" + reserved + "' is reserved");
        }
    }
}
