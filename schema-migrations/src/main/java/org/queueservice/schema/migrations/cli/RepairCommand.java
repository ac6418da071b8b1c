package org.queueservice.schema.migrations.cli;

import org.queueservice.schema.migrations.cli.QueueSchemaCommand.Invocation;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Exit 1 when an object of the version could not be restored: the lines on stderr name each one. */
@ListedAs("repair [--dry-run]")
@Command(name = "repair", description = {
        "when history and schema disagree: re-apply the idempotent steps of every",
        "version up to the highest recorded one and restore missing history rows,",
        "in one transaction; prints what it restores; --dry-run changes nothing"})
final class RepairCommand extends SchemaCommand {

    @Option(names = "--dry-run", description = "print what repair would restore; change nothing")
    private boolean dryRun;

    boolean dryRun() {
        return dryRun;
    }

    @Override
    int run(Invocation invocation) {
        var report = invocation.migrations().repair(dryRun);
        if (!report.changesAnything() && report.notRestored().isEmpty()) {
            out().println("Nothing to repair: " + invocation.connection() + " at version " + report.version()
                    + " has every object and history row of " + String.join(", ", report.versions()) + ".");
            return ExitCode.OK;
        }
        if (report.changesAnything()) {
            out().println((dryRun ? "Repair would restore, on " : "Repair restored, on ") + invocation.connection()
                    + ", what " + String.join(", ", report.versions()) + " have and it lacked:");
            report.historyRestored().forEach(version -> out().println("  history row of " + version));
            report.restored().forEach(object -> out().println("  + " + object));
            report.seedRowsInserted().forEach(seed -> out().println("  missing seed rows, " + seed));
        }
        report.notRestored().forEach(object -> err().println("queue-schema: repair cannot restore " + object));
        if (dryRun) {
            out().println("-- dry run: nothing was changed");
        } else if (report.notRestored().isEmpty()) {
            out().println("Repaired: history and schema agree at version " + report.version() + ".");
        }
        return report.notRestored().isEmpty() ? ExitCode.OK : ExitCode.FAILED;
    }
}
