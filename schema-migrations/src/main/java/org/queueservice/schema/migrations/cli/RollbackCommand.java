package org.queueservice.schema.migrations.cli;

import org.queueservice.schema.migrations.cli.QueueSchemaCommand.Invocation;
import org.queueservice.schema.migrations.rollback.RollbackPlan;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

@ListedAs("rollback --to VERSION [--dry-run] [--force]")
@Command(name = "rollback", description = {
        "undo applied migrations above VERSION (0: all), newest first, in one",
        "transaction (an online version step by step); refuses to drop tables",
        "holding rows other than unchanged seed rows unless --force; keeps and",
        "names seed rows changed since seeding; --dry-run changes nothing"})
final class RollbackCommand extends SchemaCommand {

    @Option(names = "--to", paramLabel = "VERSION", required = true, converter = Target.class,
            description = "the version to go down to; 0 undoes every migration")
    private int to;

    @Option(names = "--dry-run", description = "print the rollback script, what it would refuse and keep; change nothing")
    private boolean dryRun;

    @Option(names = "--force", description = "drop tables holding rows other than unchanged seed rows, rows and all")
    private boolean force;

    int rollbackTo() {
        return to;
    }

    boolean dryRun() {
        return dryRun;
    }

    boolean force() {
        return force;
    }

    @Override
    String missing(OptionSpec option) {
        return super.missing(option) + " (0 undoes every migration)";
    }

    @Override
    int run(Invocation invocation) {
        var migrations = invocation.migrations();
        RollbackPlan plan = migrations.planRollback(to);
        if (plan.versions().isEmpty()) {
            int current = migrations.currentVersion();
            if (plan.target() > current) {
                // Most likely a typo: a silent "nothing to do" would hide it.
                err().println("queue-schema: rollback --to " + plan.target() + " is above the version " + invocation.connection()
                        + " is at, " + current + "; rollback only goes down. Nothing was changed.");
                return ExitCode.USAGE;
            }
            out().println("Nothing to roll back: no applied migration above version " + plan.target() + ".");
            return ExitCode.OK;
        }
        if (dryRun) {
            out().print(plan.script());
            if (!plan.tablesAtRisk().isEmpty()) {
                out().println("-- would refuse without --force: tables dropped with rows that are not seed rows: "
                        + plan.describeTablesAtRisk());
            }
            plan.keptSeedRows().forEach(kept -> out().println("-- would keep " + kept));
            out().println("-- dry run: nothing was changed");
            return ExitCode.OK;
        }
        var result = migrations.rollback(plan, force);
        out().println("Rolled back " + String.join(", ", result.undone()) + "; " + invocation.connection()
                + " is now at version " + plan.target() + ".");
        if (!result.found().atRisk().isEmpty()) {
            out().println("Forced: dropped " + result.found().describeAtRisk() + " with their rows.");
        }
        result.found().kept().forEach(kept -> out().println("Kept " + kept + "."));
        return ExitCode.OK;
    }

    /** 0 or a version number; anything else names the option. */
    static final class Target implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int version = Integer.parseInt(value);
                if (version >= 0) {
                    return version;
                }
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
            throw new TypeConversionException("--to must be 0 or a migration version like 2, got '" + value + "'");
        }
    }
}
