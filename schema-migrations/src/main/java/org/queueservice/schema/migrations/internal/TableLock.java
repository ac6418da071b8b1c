package org.queueservice.schema.migrations.internal;

/**
 * The table-level lock modes a schema change takes, as PostgreSQL names them, with what each one makes
 * the queue service wait for: plain reads take ACCESS SHARE and writes ROW EXCLUSIVE, so a mode blocks
 * reads when it conflicts with the first and writes when it conflicts with the second.
 */
public enum TableLock {

    ACCESS_SHARE("ACCESS SHARE", false, false),
    ROW_SHARE("ROW SHARE", false, false),
    ROW_EXCLUSIVE("ROW EXCLUSIVE", false, false),
    SHARE_UPDATE_EXCLUSIVE("SHARE UPDATE EXCLUSIVE", false, false),
    SHARE("SHARE", false, true),
    SHARE_ROW_EXCLUSIVE("SHARE ROW EXCLUSIVE", false, true),
    /** Plain reads go on; SELECT ... FOR UPDATE, which the queue's claim uses, waits as writes do. */
    EXCLUSIVE("EXCLUSIVE", false, true),
    ACCESS_EXCLUSIVE("ACCESS EXCLUSIVE", true, true);

    private final String label;
    private final boolean blocksReads;
    private final boolean blocksWrites;

    TableLock(String label, boolean blocksReads, boolean blocksWrites) {
        this.label = label;
        this.blocksReads = blocksReads;
        this.blocksWrites = blocksWrites;
    }

    /** The mode as PostgreSQL's documentation and {@code pg_locks} spell it, e.g. {@code SHARE UPDATE EXCLUSIVE}. */
    public String label() {
        return label;
    }

    /** What waits while the lock is held: {@code reads and writes}, {@code writes} or {@code neither}. */
    public String blocks() {
        return blocksReads ? "reads and writes" : blocksWrites ? "writes" : "neither";
    }

    public boolean blocksWrites() {
        return blocksWrites;
    }
}
