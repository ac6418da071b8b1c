package org.queueservice.schema.migrations.cli;

import org.queueservice.schema.migrations.adopt.AdoptionPlan;
import org.queueservice.schema.migrations.cli.QueueSchemaCommand.Invocation;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Exit 1 when the preflight finds a problem, dry run or not: the findings are what must be fixed first. */
@ListedAs("adopt [--dry-run]")
@Command(name = "adopt", description = {
        "convert a database built by the original Knex migration, online, and",
        "record the versions; refuses (exit 1, nothing changed) when the preflight",
        "finds rows or objects in the way; --dry-run prints the preflight and the",
        "plan with the lock each statement takes, and changes nothing"})
final class AdoptCommand extends SchemaCommand {

    @Option(names = "--dry-run", description = "print the preflight and the plan with the lock each statement takes; change nothing")
    private boolean dryRun;

    @Override
    int run(Invocation invocation) {
        var migrations = invocation.migrations();
        AdoptionPlan plan = migrations.planAdoption();
        out().println(invocation.connection().database() + " is " + plan.state() + ".");
        plan.findings().forEach(finding -> err().println("queue-schema: adopt preflight: " + finding));
        plan.revocations().forEach(out()::println);
        if (dryRun) {
            out().print(plan.script());
            out().println("-- dry run: " + plan.stepCount() + " steps, then the versions recorded by Flyway; nothing was changed");
            return plan.findings().isEmpty() ? ExitCode.OK : ExitCode.FAILED;
        }
        if (!plan.findings().isEmpty()) {
            err().println("queue-schema: adopt refused: the preflight found " + plan.findings().size()
                    + " problem(s), listed above. Nothing was changed.");
            return ExitCode.FAILED;
        }
        var report = migrations.adopt();
        out().println("Adopted " + invocation.connection() + " at version " + report.version() + ".");
        out().println("Recorded: " + String.join(", ", report.applied()));
        out().println("Schema: " + report.schema());
        return ExitCode.OK;
    }
}
