package org.queueservice.schema.migrations.generate;

/**
 * A model change the generator cannot write as a migration (an expression it does not know, a change of
 * the tenant isolation contract). The message says what; the answer is a hand-written migration.
 */
public final class UnsupportedChange extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnsupportedChange(String what) {
        super(what + "; write this migration by hand (see docs/changing-the-schema.md, \"Writing a migration by hand\")");
    }
}
