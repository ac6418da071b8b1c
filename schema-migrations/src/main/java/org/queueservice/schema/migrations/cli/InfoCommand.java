package org.queueservice.schema.migrations.cli;

import org.queueservice.schema.migrations.cli.QueueSchemaCommand.Invocation;

import picocli.CommandLine.Command;

@Command(name = "info", description = "list applied and pending migration versions")
final class InfoCommand extends SchemaCommand {

    @Override
    int run(Invocation invocation) {
        invocation.migrations().info().forEach(out()::println);
        return ExitCode.OK;
    }
}
