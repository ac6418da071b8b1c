package org.queueservice.schema.migrations.provision;

/**
 * No scratch database could be created on the test server. The message says why (PostgreSQL's own
 * words included) and how to provide a server; a stack trace would add nothing to it, so there is none.
 */
public final class TestServerUnavailable extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** Kept apart, not as the cause: a cause would be printed after the message, repeating it. */
    private final java.sql.SQLException refusal;

    TestServerUnavailable(String message, java.sql.SQLException refusal) {
        super(message);
        this.refusal = refusal;
    }

    /** PostgreSQL's refusal, for a caller whose user the advice in the message does not fit (the CLI's review). */
    public java.sql.SQLException refusal() {
        return refusal;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
