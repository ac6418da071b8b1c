package org.queueservice.schema.migrations.review;

import java.sql.SQLException;
import java.util.Optional;

import org.queueservice.schema.migrations.review.ReviewReport.TableEffect;
import org.queueservice.schema.migrations.review.rules.Action;
import org.queueservice.schema.migrations.review.rules.Cost;
import org.queueservice.schema.migrations.review.rules.LiveDatabase;
import org.queueservice.schema.migrations.review.rules.ReviewContext;
import org.queueservice.schema.migrations.review.rules.ReviewedStatement;

/**
 * How long a statement holds its lock, estimated from the table's size on the live database: a scan reads
 * {@value #SCAN_BYTES_PER_SECOND} bytes a second and a rewrite, which writes the table and rebuilds its
 * indexes, {@value #REWRITE_BYTES_PER_SECOND} (a modest server's sequential throughput with the table not
 * cached; a busy or throttled disk is slower). A CONCURRENTLY build scans twice. A table the review
 * itself creates is empty.
 */
final class LockEstimate {

    static final long SCAN_BYTES_PER_SECOND = 200L * 1024 * 1024;
    static final long REWRITE_BYTES_PER_SECOND = 50L * 1024 * 1024;

    private LockEstimate() {
    }

    static TableEffect effect(ReviewContext context, ReviewedStatement statement, Action action, String table) throws SQLException {
        String tableName = table == null ? action.target() : table;
        String lock = action.lock().label();
        String blocks = action.lock().blocks();
        String cost = action.cost().text();
        if (table == null || !context.existing(table, statement)) {
            return new TableEffect(tableName, lock, blocks, table == null ? cost : cost + " (table created in this review: empty)",
                    table == null ? null : 0L, table == null ? null : 0L, null);
        }
        Optional<LiveDatabase.TableSize> size = context.live().isPresent() ? context.live().get().size(table) : Optional.empty();
        if (size.isEmpty()) {
            return new TableEffect(tableName, lock, blocks, cost, null, null, null);
        }
        String held = action.cost().readsRows() ? duration(size.get().bytes(), action) : null;
        return new TableEffect(tableName, lock, blocks, cost, size.get().rowEstimate(), size.get().bytes(), held);
    }

    private static String duration(long bytes, Action action) {
        boolean rewrite = action.cost() == Cost.REWRITE || action.cost() == Cost.REWRITE_UNLESS_WIDENING;
        long scans = action.clause().contains(" concurrently ") ? 2 : 1;
        double seconds = (double) bytes * scans / (rewrite ? REWRITE_BYTES_PER_SECOND : SCAN_BYTES_PER_SECOND);
        if (seconds < 1) {
            return "under 1 s";
        }
        return seconds < 120 ? "about " + Math.round(seconds) + " s" : "about " + Math.round(seconds / 60) + " min";
    }
}
