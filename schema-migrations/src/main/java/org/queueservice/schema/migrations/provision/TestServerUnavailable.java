package org.queueservice.schema.migrations.provision;

/**
 * No scratch database could be created on the test server. The message says why (PostgreSQL's own
 * words included) and how to provide a server; a stack trace would add nothing to it, so there is none.
 */
public final class TestServerUnavailable extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    TestServerUnavailable(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
