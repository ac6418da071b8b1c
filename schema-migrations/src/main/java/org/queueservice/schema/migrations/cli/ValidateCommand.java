package org.queueservice.schema.migrations.cli;

import java.util.List;

import org.queueservice.schema.migrations.cli.QueueSchemaCommand.Invocation;

import picocli.CommandLine.Command;

@Command(name = "validate", description = "check applied migrations against the code (checksums, order)")
final class ValidateCommand extends SchemaCommand {

    @Override
    int run(Invocation invocation) {
        List<String> pending = invocation.migrations().validate();
        out().println("Validated " + invocation.connection() + ": applied migrations match the code; " + (pending.isEmpty()
                ? "none pending." : pending.size() + " pending: " + String.join(", ", pending) + ", run migrate."));
        return ExitCode.OK;
    }
}
