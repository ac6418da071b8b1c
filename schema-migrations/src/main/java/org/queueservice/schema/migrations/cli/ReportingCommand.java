package org.queueservice.schema.migrations.cli;

import picocli.CommandLine.Mixin;

/**
 * A command whose result is a report (audit, review): it exits 1 for what the report finds, so its own
 * failure to run exits 2, which a finding must not be mistaken for.
 */
abstract class ReportingCommand extends SchemaCommand {

    @Mixin
    ReportFile report;

    @Override
    int failureExitCode() {
        return ExitCode.USAGE;
    }
}
