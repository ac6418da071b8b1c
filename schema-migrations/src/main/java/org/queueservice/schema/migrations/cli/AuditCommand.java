package org.queueservice.schema.migrations.cli;

import org.queueservice.schema.migrations.audit.AuditReport;
import org.queueservice.schema.migrations.audit.MigrationAudit;
import org.queueservice.schema.migrations.cli.QueueSchemaCommand.Invocation;

import picocli.CommandLine.Command;

@ListedAs("audit [--out FILE]")
@Command(name = "audit", description = {
        "check the database against the migration audit (MIG1-MIG20, the tenancy",
        "checks TEN1-TEN8 and the Citus checks CTS1-CTS5) and write a Markdown",
        "report (default: standard output);",
        "exit 0 all pass, 1 a check failed, 2 the audit could not run"})
final class AuditCommand extends ReportingCommand {

    @Override
    int run(Invocation invocation) {
        AuditReport audit = new MigrationAudit(invocation.connection(), invocation.settings()).run();
        if (!report.publish(spec.name(), audit.markdown(), out(), err())) {
            return ExitCode.USAGE;
        }
        if (report.given()) {
            out().println("Audit of " + invocation.connection() + ": " + audit.passRate() + " passed"
                    + (audit.passed() ? "" : "; not passed: " + String.join(", ", audit.notPassed()))
                    + ". Report written to " + report.path + ".");
        }
        return audit.passed() ? ExitCode.OK : ExitCode.FAILED;
    }
}
