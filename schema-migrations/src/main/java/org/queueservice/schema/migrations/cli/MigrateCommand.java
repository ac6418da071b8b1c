package org.queueservice.schema.migrations.cli;

import java.util.stream.Collectors;

import org.queueservice.schema.migrations.cli.QueueSchemaCommand.Invocation;

import picocli.CommandLine.Command;

@Command(name = "migrate", description = {
        "apply pending migrations and print what was applied; refuses first,",
        "changing nothing, a powerful or intertwined service or maintenance",
        "role, a tenants table it cannot use, a schema other than public"})
final class MigrateCommand extends SchemaCommand {

    @Override
    int run(Invocation invocation) {
        var migrations = invocation.migrations();
        // Only the built-in local default is created on demand: an explicit URL naming a missing database is a mistake.
        if (invocation.usesDefaultDatabase() && migrations.createDatabaseIfMissing()) {
            out().println("Created database " + invocation.connection().database() + ".");
        }
        var report = migrations.migrate();
        if (report.applied().isEmpty()) {
            out().println("Schema of " + invocation.connection() + " is up to date at version " + report.version()
                    + "; nothing to apply.");
        } else {
            out().println("Migrated " + invocation.connection() + " to version " + report.version() + ".");
            out().println("Applied: " + String.join(", ", report.applied()));
        }
        out().println("Schema: " + report.schema());
        if (!report.distributed().isEmpty()) {
            out().println("Distributed on the Citus coordinator: " + report.distributed().stream()
                    .map(move -> move.table() + " (" + move.placement() + ")").collect(Collectors.joining(", ")) + ".");
        }
        return ExitCode.OK;
    }
}
