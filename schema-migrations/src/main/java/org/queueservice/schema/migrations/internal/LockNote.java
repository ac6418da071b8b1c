package org.queueservice.schema.migrations.internal;

/**
 * What a statement does to a live table: written above it in a generated file, and printed by
 * {@code adopt --dry-run} next to each statement of its plan.
 */
public enum LockNote {

    BRIEF(TableLock.ACCESS_EXCLUSIVE, "%s on %s, brief: no scan, no rewrite"),
    CATALOG_ONLY(TableLock.ACCESS_EXCLUSIVE, "catalog only: %s on %s for an instant, rows untouched"),
    CONCURRENT_BUILD(TableLock.SHARE_UPDATE_EXCLUSIVE, "%s on %s: reads and writes go on during the two scans of CONCURRENTLY; "
            + "an interrupted build leaves an INVALID index that the step before removes"),
    CONCURRENT_DROP(TableLock.SHARE_UPDATE_EXCLUSIVE, "%s on %s: waits for running queries, blocks neither reads nor writes"),
    NOT_VALID(TableLock.ACCESS_EXCLUSIVE, "%s on %s, brief: NOT VALID checks new rows only, no scan"),
    VALIDATE(TableLock.SHARE_UPDATE_EXCLUSIVE, "%s on %s: scans every row while reads and writes go on. If a row breaks it, the "
            + "version stops here, the constraint still NOT VALID (binding new rows): fix the rows and migrate again, or roll back"),
    REWRITE(TableLock.ACCESS_EXCLUSIVE, "%s on %s while it REWRITES the table and its indexes: reads and writes wait"),
    TRIGGER(TableLock.SHARE_ROW_EXCLUSIVE, "%s on %s, brief: writes wait for an instant, reads go on"),
    BATCHED_UPDATE(TableLock.ROW_EXCLUSIVE, "%s on %s: batches of pages, each committed on its own; only the rows a batch "
            + "changes are locked, while it runs"),
    /** Roles and functions: no table is locked, so the text names none. */
    NO_TABLE(null, "no table lock: roles and functions only");

    private final TableLock lock;
    private final String text;

    LockNote(TableLock lock, String text) {
        this.lock = lock;
        this.text = text;
    }

    public String on(String table) {
        return lock == null ? text : text.formatted(lock.label(), table);
    }
}
