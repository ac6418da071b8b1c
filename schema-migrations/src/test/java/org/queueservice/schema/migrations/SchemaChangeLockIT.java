package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.queueservice.schema.migrations.internal.SchemaChangeLock;

/** The schema change lock against the server's idle timeouts and a session ended under a running adopt. */
class SchemaChangeLockIT extends DatabaseIT {

    @AfterEach
    void noTimeoutsAndAnEmptySchema() throws SQLException {
        execute("alter database " + database.name() + " reset idle_session_timeout");
        resetSchema();
        execute("drop table if exists flyway_schema_history");
    }

    @Test
    void theLockOutlivesAnIdleSessionTimeoutSetOnTheDatabase() throws SQLException {
        execute("alter database " + database.name() + " set idle_session_timeout = '1s'");

        boolean takenByAnother = SchemaChangeLock.holding(database.settings(), () -> {
            try {
                Thread.sleep(2500);
                return anotherSessionTakesTheLock();
            } catch (InterruptedException | SQLException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(takenByAnother).isFalse();
        assertThat(anotherSessionTakesTheLock()).as("released at the end").isTrue();
    }

    @Test
    void anAdoptionWhoseLockIsLostStopsBeforeItsNextStep() throws Exception {
        KnexDatabase.load(database.settings(), KnexDatabase.TENANTS_SERVICE, KnexDatabase.KNEX_BASELINE, KnexDatabase.KNEX_ROWS);
        CompletableFuture<Void> adopt;
        try (Connection busy = database.open(); Statement s = busy.createStatement()) {
            // adopt's first unit on alert_history waits for this lock; meanwhile its lock's session is ended.
            busy.setAutoCommit(false);
            s.execute("lock table alert_history in share mode");
            adopt = CompletableFuture.runAsync(() -> migrations().adopt());
            while (rows("select count(*) from pg_stat_activity where query like 'alter table \"alert_history\"%' and wait_event_type = 'Lock'")
                    .equals(List.of(List.of("0")))) {
                Thread.sleep(20);
            }
            assertThat(rows("select count(pg_terminate_backend(pid)) from pg_locks where locktype = 'advisory' and objid::bigint = ?",
                    SchemaChangeLock.KEY & 0xffffffffL)).containsExactly(List.of("1"));
            busy.rollback();
        }

        assertThatThrownBy(adopt::get).isInstanceOf(ExecutionException.class).cause().isInstanceOf(MigrationFailure.class)
                .hasMessageStartingWith("adopt stopped before defaults and comments of dead_letter_jobs: the schema change lock was lost "
                        + "(its session ended: ")
                .hasMessageEndingWith("), so another run may be changing the schema. The steps before it are done and nothing is "
                        + "half-done; run adopt again.");
        // The unit it waited in completed; none after it ran.
        assertThat(rows("select obj_description('alert_history'::regclass, 'pg_class') is not null, "
                + "obj_description('dead_letter_jobs'::regclass, 'pg_class') is null")).containsExactly(List.of("t", "t"));
        migrations().adopt();
        migrations().validate();
    }

    private boolean anotherSessionTakesTheLock() throws SQLException {
        try (Connection other = database.open()) {
            return rows(other, "select pg_try_advisory_lock(?)", SchemaChangeLock.KEY).equals(List.of(List.of("t")));
        }
    }
}
