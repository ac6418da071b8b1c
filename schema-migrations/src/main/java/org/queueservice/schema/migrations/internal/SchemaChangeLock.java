package org.queueservice.schema.migrations.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Function;
import java.util.function.Supplier;

import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.migrations.MigrationFailure;

/**
 * One session-level advisory lock per database that every command that changes the schema or its history
 * holds (migrate, rollback and its plan, repair), so that two runs never interleave: a rollback planned while
 * a migrate alters the tables it counts could deadlock with it, or act on a history that has moved on. It is held on a connection of its own that is
 * idle outside any transaction: {@code CREATE INDEX CONCURRENTLY} waits for every transaction and every
 * running statement that holds a snapshot, and would wait for ever for a lock held in one (which is why
 * Flyway's own transactional lock is off). For the same reason a run that finds the lock taken does not
 * block in {@code pg_advisory_lock} (a running statement, with a snapshot, that the holder's concurrent
 * index build would wait for until its lock timeout): it tries again every {@link #RETRY}, idle between.
 * Being idle, the session sets its own timeouts to none, and a run that goes step by step checks before
 * each step that the lock is still its ({@link Held}).
 */
public final class SchemaChangeLock {

    /** "queuesch" in ASCII: a key no other application is likely to pick. */
    public static final long KEY = 0x7175657565736368L;

    static final java.time.Duration RETRY = java.time.Duration.ofMillis(200);

    /** The lock as held by a run: work that goes step by step asks before each step that it still is. */
    public interface Held {

        /**
         * Throws, naming {@code command} and the step it did not start, when the lock's session has ended (the
         * server or an administrator ended it): another run may already hold the lock and change the schema.
         */
        void requireHeld(String command, String nextStep);
    }

    private SchemaChangeLock() {
    }

    public static <T> T holding(ConnectionSettings database, Supplier<T> work) {
        return holding(database, held -> work.get());
    }

    public static <T> T holding(ConnectionSettings database, Function<Held, T> work) {
        try (Connection lock = database.open()) {
            lock.setAutoCommit(true);
            keepAliveWhileIdle(lock);
            while (!tryTake(lock)) {
                Thread.sleep(RETRY.toMillis());
            }
            T result;
            try {
                result = work.apply((command, nextStep) -> requireHeld(lock, command, nextStep));
            } catch (RuntimeException failed) {
                // A lost lock's session is gone, and the lock with it: the work's own failure is what to report.
                try {
                    release(lock);
                } catch (SQLException notReleased) {
                    failed.addSuppressed(notReleased);
                }
                throw failed;
            }
            try {
                release(lock);
            } catch (SQLException e) {
                throw MigrationFailure.of("releasing the schema change lock", e);
            }
            return result;
        } catch (SQLException e) {
            throw MigrationFailure.of("taking the schema change lock", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationFailure("interrupted while waiting for another migrate or rollback to finish", e);
        }
    }

    /**
     * The lock's session is idle for as long as the work runs: an idle_session_timeout (or either other
     * timeout) set on the database or the role would end it, and the lock with it, while the work goes on.
     * Set on the session, 0 overrides them.
     */
    private static void keepAliveWhileIdle(Connection lock) throws SQLException {
        try (Statement settings = lock.createStatement()) {
            settings.execute("set idle_session_timeout = 0");
            settings.execute("set idle_in_transaction_session_timeout = 0");
            settings.execute("set statement_timeout = 0");
        }
    }

    private static void requireHeld(Connection lock, String command, String nextStep) {
        String lost;
        try (PreparedStatement held = lock.prepareStatement("select count(*) from pg_locks where locktype = 'advisory' and granted "
                + "and pid = pg_backend_pid() and classid::bigint = ? and objid::bigint = ? and objsubid = 1")) {
            held.setLong(1, KEY >>> 32);
            held.setLong(2, KEY & 0xffffffffL);
            try (ResultSet rows = held.executeQuery()) {
                rows.next();
                if (rows.getLong(1) == 1) {
                    return;
                }
                lost = "its session no longer holds it";
            }
        } catch (SQLException e) {
            lost = "its session ended: " + DatabaseError.describe(e);
        }
        throw new MigrationFailure(command + " stopped before " + nextStep + ": the schema change lock was lost (" + lost
                + "), so another run may be changing the schema. The steps before it are done and nothing is half-done; run "
                + command + " again.");
    }

    private static void release(Connection lock) throws SQLException {
        try (PreparedStatement release = lock.prepareStatement("select pg_advisory_unlock(?)")) {
            release.setLong(1, KEY);
            release.execute();
        } catch (SQLException e) {
            // An advisory lock ends with its session: once the server ended the session (57P01, the database
            // dropped WITH (FORCE) after the work, say) there is nothing left to release. Work that must not go
            // on without the lock asks Held before each step; anything else is a real failure.
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (!lock.isValid(1) && (state.startsWith("57P") || state.startsWith("08"))) {
                return;
            }
            throw e;
        }
    }

    private static boolean tryTake(Connection lock) throws SQLException {
        try (PreparedStatement take = lock.prepareStatement("select pg_try_advisory_lock(?)")) {
            take.setLong(1, KEY);
            try (ResultSet taken = take.executeQuery()) {
                taken.next();
                return taken.getBoolean(1);
            }
        }
    }
}
