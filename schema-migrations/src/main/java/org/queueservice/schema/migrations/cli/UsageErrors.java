package org.queueservice.schema.migrations.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.queueservice.schema.migrations.ConnectionSettings;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Bad arguments, exit 2. An unknown command or option is one line that names it, with a did-you-mean when
 * one is close: the command's help would bury the typo. Any other mistake is its line, then the help of
 * the command it was made in.
 */
final class UsageErrors implements IParameterExceptionHandler {

    /** The most edits between a typo and what it suggests: a transposition or a dropped letter or two. */
    private static final int CLOSE = 2;

    private final PrintStream err;

    UsageErrors(PrintStream err) {
        this.err = err;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine where = e.getCommandLine();
        // picocli checks required options before it reports what it could not match: the unknown one comes first.
        List<String> unmatched = e instanceof UnmatchedArgumentException u ? u.getUnmatched() : where.getUnmatchedArguments();
        if (!unmatched.isEmpty()) {
            err.println("queue-schema: " + unknown(where, shown(unmatched.get(0))));
            return ExitCode.USAGE;
        }
        err.println("queue-schema: " + ConnectionSettings.maskPasswords(message(e, args)));
        err.print(where.getUsageMessage());
        return ExitCode.USAGE;
    }

    private static String message(ParameterException e, String[] args) {
        if (e instanceof MissingParameterException missing && missing.getMissing().get(0) instanceof OptionSpec option) {
            boolean given = Arrays.stream(args).anyMatch(arg -> Arrays.asList(option.names()).contains(arg));
            return given ? option.longestName() + " needs a value"
                    : e.getCommandLine().getCommandSpec().userObject() instanceof SchemaCommand command ? command.missing(option)
                    : e.getMessage();
        }
        if (e instanceof OverwrittenOptionException twice && twice.getOverwritten() instanceof OptionSpec option) {
            return option.longestName() + " given twice";
        }
        if (e.getCause() instanceof TypeConversionException conversion) {
            return conversion.getMessage();
        }
        return e.getMessage();
    }

    private static String unknown(CommandLine where, String arg) {
        CommandLine root = where.getParent() == null ? where : where.getParent();
        if (where == root) {
            if (!arg.startsWith("-")) {
                return "unknown command '" + arg + "'" + didYouMean(arg, root.getSubcommands().keySet());
            }
            if (root.getSubcommands().values().stream().anyMatch(command -> command.getCommandSpec().findOption(arg) != null)) {
                return "unknown option '" + arg + "' before the command; options follow it: queue-schema <command> " + arg;
            }
            return "unknown option '" + arg + "'" + didYouMean(arg, optionNames(root));
        }
        String command = where.getCommandName();
        List<String> owners = root.getSubcommands().values().stream().distinct()
                .filter(other -> other.getCommandSpec().findOption(arg) != null).map(CommandLine::getCommandName).toList();
        if (!owners.isEmpty()) {
            OptionSpec option = root.getSubcommands().get(owners.get(0)).getCommandSpec().findOption(arg);
            return option.arity().max() > 0 ? arg + " is an option of " + joined(owners) + ", not of " + command
                    : "unknown option '" + arg + "' for " + command + "; it is an option of " + joined(owners);
        }
        return "unknown option '" + arg + "' for " + command + didYouMean(arg, optionNames(where));
    }

    /** The argument as the error names it: never the value after an {@code =}, which may be a password. */
    private static String shown(String arg) {
        int equals = arg.indexOf('=');
        return arg.startsWith("-") && equals > 0 ? arg.substring(0, equals + 1) + "..." : arg;
    }

    private static List<String> optionNames(CommandLine command) {
        return command.getCommandSpec().options().stream().filter(option -> !option.hidden())
                .flatMap(option -> Arrays.stream(option.names())).toList();
    }

    private static String didYouMean(String typo, Collection<String> names) {
        Optional<String> closest = names.stream().min(Comparator.comparingInt(name -> distance(typo, name)));
        return closest.filter(name -> distance(typo, name) <= CLOSE).map(name -> "; did you mean '" + name + "'?").orElse("");
    }

    /** Levenshtein's: the fewest insertions, deletions and substitutions that turn one into the other. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String joined(List<String> names) {
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}
