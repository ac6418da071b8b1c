package org.queueservice.schema.migrations.internal;

import java.sql.SQLException;
import java.time.Duration;

/**
 * Runs online DDL again when it gave up waiting for a lock (SQLSTATE 55P03): each try waits at most the
 * lock timeout, so writers queue behind it for no longer than that, and a busy moment passes between tries.
 */
public final class LockRetry {

    public static final int ATTEMPTS = 5;
    private static final Duration PAUSE = Duration.ofMillis(500);

    /** Work that may fail on a lock timeout and is safe to run again from the start. */
    @FunctionalInterface
    public interface Work {
        void run() throws SQLException;
    }

    private LockRetry() {
    }

    /** Runs {@code work}, again after each lock timeout up to {@link #ATTEMPTS} tries; any other failure ends it at once. */
    public static void run(Work work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                work.run();
                return;
            } catch (SQLException | RuntimeException e) {
                SQLException cause = DatabaseError.find(e);
                if (cause == null || !"55P03".equals(cause.getSQLState()) || attempt >= ATTEMPTS) {
                    throw e;
                }
                try {
                    Thread.sleep(PAUSE.toMillis() * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
