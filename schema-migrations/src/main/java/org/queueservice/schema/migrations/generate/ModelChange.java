package org.queueservice.schema.migrations.generate;

import java.util.List;

/**
 * One difference between the model and what the migrations build, as the statements a migration runs for
 * it and the statements that undo it. Each statement is Java source of an expression of type
 * {@code SchemaStep}, with a comment saying which lock it takes and whether it scans or rewrites.
 *
 * @param summary what changes, e.g. {@code add column jobs.priority}
 * @param destructive it loses data (a dropped table or column, a narrowed type, deleted seed rows)
 * @param online its statements must commit one by one (CONCURRENTLY, NOT VALID then VALIDATE)
 * @param rewrite how it rewrites a table, or null when it does not
 */
record ModelChange(String summary, List<Statement> up, List<Statement> down, boolean destructive, boolean online,
                   String rewrite) {

    /** A statement of the generated file: a comment line and a {@code SchemaStep} expression. */
    record Statement(String comment, String code) {
    }

    static ModelChange of(String summary, List<Statement> up, List<Statement> down) {
        return new ModelChange(summary, up, down, false, false, null);
    }

    ModelChange asDestructive() {
        return new ModelChange(summary, up, down, true, online, rewrite);
    }

    ModelChange asOnline() {
        return new ModelChange(summary, up, down, destructive, true, rewrite);
    }

    ModelChange rewriting(String how) {
        return new ModelChange(summary, up, down, destructive, online, how);
    }
}
