package org.queueservice.schema.migrations.generate;

/**
 * What a statement does to a live table: written above it in a generated file, and printed by
 * {@code adopt --dry-run} next to each statement of its plan.
 */
public enum LockNote {

    BRIEF("ACCESS EXCLUSIVE on %s, brief: no scan, no rewrite"),
    CATALOG_ONLY("catalog only: ACCESS EXCLUSIVE on %s for an instant, rows untouched"),
    CONCURRENT_BUILD("SHARE UPDATE EXCLUSIVE on %s: reads and writes go on during the two scans of CONCURRENTLY; "
            + "an interrupted build leaves an INVALID index that the step before removes"),
    CONCURRENT_DROP("SHARE UPDATE EXCLUSIVE on %s: waits for running queries, blocks neither reads nor writes"),
    NOT_VALID("ACCESS EXCLUSIVE on %s, brief: NOT VALID checks new rows only, no scan"),
    VALIDATE("SHARE UPDATE EXCLUSIVE on %s: scans every row while reads and writes go on. If a row breaks it, the "
            + "version stops here, the constraint still NOT VALID (binding new rows): fix the rows and migrate again, or roll back"),
    REWRITE("ACCESS EXCLUSIVE on %s while it REWRITES the table and its indexes: reads and writes wait"),
    TRIGGER("SHARE ROW EXCLUSIVE on %s, brief: writes wait for an instant, reads go on"),
    BATCHED_UPDATE("ROW EXCLUSIVE on %s: batches of pages, each committed on its own; only the rows a batch changes "
            + "are locked, while it runs"),
    NO_TABLE("no table lock: roles and functions only");

    private final String text;

    LockNote(String text) {
        this.text = text;
    }

    public String on(String table) {
        return text.formatted(table);
    }
}
