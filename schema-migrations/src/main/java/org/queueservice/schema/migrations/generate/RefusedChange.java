package org.queueservice.schema.migrations.generate;

/**
 * A model change the generator will not write because it would break existing rows or block the service
 * (a NOT NULL column without a default, a volatile default on an existing table, a destructive change
 * without consent). The message says why and what to do instead.
 */
public final class RefusedChange extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RefusedChange(String why) {
        super(why);
    }
}
