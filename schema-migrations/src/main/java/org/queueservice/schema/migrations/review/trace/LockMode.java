package org.queueservice.schema.migrations.review.trace;

import java.util.Arrays;

/**
 * The eight table lock modes as {@code pg_locks} names them, weakest first, with what each makes the queue
 * service wait for: plain reads take ACCESS SHARE and writes ROW EXCLUSIVE.
 */
public enum LockMode {

    ACCESS_SHARE("AccessShareLock", "ACCESS SHARE", false, false),
    ROW_SHARE("RowShareLock", "ROW SHARE", false, false),
    ROW_EXCLUSIVE("RowExclusiveLock", "ROW EXCLUSIVE", false, false),
    SHARE_UPDATE_EXCLUSIVE("ShareUpdateExclusiveLock", "SHARE UPDATE EXCLUSIVE", false, false),
    SHARE("ShareLock", "SHARE", false, true),
    SHARE_ROW_EXCLUSIVE("ShareRowExclusiveLock", "SHARE ROW EXCLUSIVE", false, true),
    EXCLUSIVE("ExclusiveLock", "EXCLUSIVE", false, true),
    ACCESS_EXCLUSIVE("AccessExclusiveLock", "ACCESS EXCLUSIVE", true, true);

    private final String catalogName;
    private final String label;
    private final boolean blocksReads;
    private final boolean blocksWrites;

    LockMode(String catalogName, String label, boolean blocksReads, boolean blocksWrites) {
        this.catalogName = catalogName;
        this.label = label;
        this.blocksReads = blocksReads;
        this.blocksWrites = blocksWrites;
    }

    /** The mode {@code pg_locks.mode} names, e.g. {@code AccessExclusiveLock}. */
    static LockMode of(String catalogName) {
        return Arrays.stream(values()).filter(m -> m.catalogName.equals(catalogName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a table lock mode: " + catalogName));
    }

    /** As PostgreSQL's documentation spells it, e.g. {@code ACCESS EXCLUSIVE}. */
    public String label() {
        return label;
    }

    /** What waits while the lock is held: {@code reads and writes}, {@code writes} or {@code neither}. */
    public String blocks() {
        return blocksReads ? "reads and writes" : blocksWrites ? "writes" : "neither";
    }
}
