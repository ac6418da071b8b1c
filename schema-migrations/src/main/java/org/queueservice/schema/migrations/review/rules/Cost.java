package org.queueservice.schema.migrations.review.rules;

/** What a statement does to a table's rows while it holds its lock. */
public enum Cost {

    NONE("no scan, no rewrite"),
    SCAN("scans every row"),
    /** An ALTER COLUMN TYPE whose old type the review cannot see: only a varchar, text or numeric widening is spared. */
    REWRITE_UNLESS_WIDENING("rewrites the table and its indexes unless it widens a varchar or numeric"),
    REWRITE("rewrites the table and its indexes");

    private final String text;

    Cost(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /** Whether the lock is held for a time that grows with the table. */
    public boolean readsRows() {
        return this != NONE;
    }
}
