package org.queueservice.schema.migrations.cli;

import static picocli.CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS;

import java.util.Comparator;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The layout of {@code queue-schema <command> --help}: the synopsis names the command's own options first
 * (a required one such as rollback's {@code --to} is not lost among the shared ones), then help, then the
 * connection and the settings options; below it, the description and the options under their headings.
 */
final class CommandHelp {

    /** picocli's usage width. */
    private static final int WIDTH = 80;

    private CommandHelp() {
    }

    static void install(CommandLine root) {
        // "--to VERSION", as the overview and the docs write it; "--to=VERSION" is no option of any command.
        root.setSeparator(" ");
        root.getSubcommands().values().forEach(command -> {
            CommandSpec spec = command.getCommandSpec();
            spec.usageMessage().descriptionHeading("%n").optionListHeading("%nOptions:%n").sortOptions(false);
            command.getHelpSectionMap().put(SECTION_KEY_SYNOPSIS, help -> synopsis(spec, help.synopsisHeadingLength()));
        });
    }

    /** picocli's own synopsis would break a line inside "[--url JDBC_URL]": this one breaks between options only. */
    private static String synopsis(CommandSpec spec, int headingLength) {
        String indent = " ".repeat(headingLength + spec.qualifiedName().length() + 1);
        StringBuilder synopsis = new StringBuilder(spec.qualifiedName());
        int column = headingLength + spec.qualifiedName().length();
        for (OptionSpec option : spec.options().stream().sorted(ownOptionsFirst(spec)).toList()) {
            String name = option.usageHelp() ? option.shortestName() : option.longestName();
            String text = option.arity().max() == 0 ? name : name + " " + option.paramLabel();
            text = option.required() ? text : "[" + text + "]";
            if (column + 1 + text.length() > WIDTH) {
                synopsis.append('\n').append(indent).append(text);
                column = indent.length() + text.length();
            } else {
                synopsis.append(' ').append(text);
                column += 1 + text.length();
            }
        }
        return synopsis.append('\n').toString();
    }

    private static Comparator<OptionSpec> ownOptionsFirst(CommandSpec spec) {
        List<OptionSpec> declared = spec.options();
        return Comparator.<OptionSpec>comparingInt(option -> rank(spec, option)).thenComparingInt(declared::indexOf);
    }

    private static int rank(CommandSpec spec, OptionSpec option) {
        if (option.group() != null) {
            return 2 + spec.argGroups().indexOf(option.group());
        }
        return option.usageHelp() ? 1 : 0;
    }
}
