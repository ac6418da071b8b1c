package org.queueservice.schema.migrations.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Supplier;

import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.migrations.MigrationFailure;

/**
 * One session-level advisory lock per database that every run of migrate and rollback holds while it
 * changes the schema, so that two runs never interleave. It is held on a connection of its own that is
 * idle outside any transaction: {@code CREATE INDEX CONCURRENTLY} waits for every open transaction, and
 * would wait for ever for a lock held in one (which is why Flyway's own transactional lock is off).
 */
public final class SchemaChangeLock {

    /** "queuesch" in ASCII: a key no other application is likely to pick. */
    private static final long KEY = 0x7175657565736368L;

    private SchemaChangeLock() {
    }

    public static <T> T holding(ConnectionSettings database, Supplier<T> work) {
        try (Connection lock = database.open()) {
            try (PreparedStatement take = lock.prepareStatement("select pg_advisory_lock(?)")) {
                take.setLong(1, KEY);
                take.execute();
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
        }
    }
}
