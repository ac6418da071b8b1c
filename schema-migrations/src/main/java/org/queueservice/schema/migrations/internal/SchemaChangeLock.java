package org.queueservice.schema.migrations.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
 */
public final class SchemaChangeLock {

    /** "queuesch" in ASCII: a key no other application is likely to pick. */
    public static final long KEY = 0x7175657565736368L;

    static final java.time.Duration RETRY = java.time.Duration.ofMillis(200);

    private SchemaChangeLock() {
    }

    public static <T> T holding(ConnectionSettings database, Supplier<T> work) {
        try (Connection lock = database.open()) {
            lock.setAutoCommit(true);
            while (!tryTake(lock)) {
                Thread.sleep(RETRY.toMillis());
            }
            try {
                return work.get();
            } finally {
                try (PreparedStatement release = lock.prepareStatement("select pg_advisory_unlock(?)")) {
                    release.setLong(1, KEY);
                    release.execute();
                }
            }
        } catch (SQLException e) {
            throw MigrationFailure.of("taking the schema change lock", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationFailure("interrupted while waiting for another migrate or rollback to finish", e);
        }
    }

    private static boolean tryTake(Connection lock) throws SQLException {
        try (PreparedStatement take = lock.prepareStatement("select pg_try_advisory_lock(?)")) {
            take.setLong(1, KEY);
            try (java.sql.ResultSet taken = take.executeQuery()) {
                taken.next();
                return taken.getBoolean(1);
            }
        }
    }
}
