package org.queueservice.schema.migrations.cli;

import org.queueservice.schema.migrations.cli.QueueSchemaCommand.Invocation;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@ListedAs("distribute [--dry-run]")
@Command(name = "distribute", description = {
        "on a Citus coordinator, for a database at the latest version whose",
        "tables are still local: preflight (refuses, changing nothing), then",
        "tenants a reference table and every tenant table distributed by",
        "tenant_id, colocated with jobs, rows counted and checksummed before and",
        "after each table; resumable; --dry-run prints the preflight and the",
        "counts and changes nothing"})
final class DistributeCommand extends SchemaCommand {

    @Option(names = "--dry-run", description = "print the preflight and the row counts; change nothing")
    private boolean dryRun;

    @Override
    int run(Invocation invocation) {
        var moves = invocation.migrations().distribute(dryRun, move -> out().println(move.line()));
        if (dryRun) {
            out().println("-- dry run: preflight passed, " + moves.size() + " table(s) to place; nothing was changed");
        } else if (moves.isEmpty()) {
            out().println("Nothing to distribute: every table of " + invocation.connection() + " is placed already.");
        } else {
            out().println("Distributed " + moves.size() + " table(s) of " + invocation.connection()
                    + "; every row kept (counts and checksums equal before and after).");
        }
        return ExitCode.OK;
    }
}
