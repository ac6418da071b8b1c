package org.queueservice.schema.migrations.cli;

/** The exit codes of every queue-schema command: scripts and CI jobs branch on them. */
final class ExitCode {

    /** Done; audit: every check passed; review: no unaccepted error. */
    static final int OK = 0;
    /** The operation failed or was refused; audit: a check failed; review: an unaccepted error. */
    static final int FAILED = 1;
    /** Bad arguments, or a setting that conflicts with the recorded one; audit and review: they could not run. */
    static final int USAGE = 2;

    private ExitCode() {
    }
}
