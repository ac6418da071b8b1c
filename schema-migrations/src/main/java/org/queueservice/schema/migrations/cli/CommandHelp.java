package org.queueservice.schema.migrations.cli;

import static picocli.CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST;
import static picocli.CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS;

import java.lang.reflect.Field;
import java.util.Comparator;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The layout of {@code queue-schema <command> --help}: the synopsis names the command's own options first
 * (a required one such as rollback's {@code --to} is not lost among the shared ones), then help, then the
 * connection and the settings options; below the description, the options in the same three parts, the
 * shared ones under their headings.
 */
final class CommandHelp {

    /** picocli's usage width. */
    private static final int WIDTH = 80;

    /** The mixins whose options a command's help shows apart, in this order, under their headings. */
    private static final List<Class<?>> SHARED = List.of(ConnectionOptions.class, SettingsOptions.class);
    private static final List<String> HEADINGS = List.of(ConnectionOptions.HEADING, SettingsOptions.HEADING);

    private CommandHelp() {
    }

    static void install(CommandLine root) {
        // "--to VERSION", as the overview and the docs write it; "--to=VERSION" is no option of any command.
        root.setSeparator(" ");
        // picocli's help command keeps picocli's layout: it has a COMMAND parameter and no shared options.
        root.getSubcommands().values().stream().filter(command -> !(command.getCommandSpec().userObject() instanceof HelpCommand))
                .forEach(CommandHelp::layOut);
    }

    private static void layOut(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        spec.usageMessage().descriptionHeading("%n").optionListHeading("%nOptions:%n");
        command.getHelpSectionMap().put(SECTION_KEY_SYNOPSIS, help -> synopsis(spec, help.synopsisHeadingLength()));
        command.getHelpSectionMap().put(SECTION_KEY_OPTION_LIST, help -> options(spec, help));
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

    private static String options(CommandSpec spec, Help help) {
        StringBuilder list = new StringBuilder(list(help, part(spec, 0)));
        for (int shared = 0; shared < SHARED.size(); shared++) {
            List<OptionSpec> options = part(spec, shared + 1);
            if (!options.isEmpty()) {
                list.append('\n').append(HEADINGS.get(shared)).append('\n').append(list(help, options));
            }
        }
        return list.toString();
    }

    /** In the order given: the command's own options first, then by declaration, not picocli's alphabetical order. */
    private static String list(Help help, List<OptionSpec> options) {
        return help.optionListExcludingGroups(options, help.createDefaultLayout(), null, help.parameterLabelRenderer());
    }

    /** Part 0: the command's own options; 1 and up: those of each shared mixin. */
    private static List<OptionSpec> part(CommandSpec spec, int part) {
        return spec.options().stream().filter(option -> part(option) == part).sorted(ownOptionsFirst(spec)).toList();
    }

    private static int part(OptionSpec option) {
        return option.userObject() instanceof Field field ? SHARED.indexOf(field.getDeclaringClass()) + 1 : 0;
    }

    private static Comparator<OptionSpec> ownOptionsFirst(CommandSpec spec) {
        List<OptionSpec> declared = spec.options();
        return Comparator.<OptionSpec>comparingInt(CommandHelp::part)
                .thenComparing(OptionSpec::usageHelp)
                .thenComparingInt(declared::indexOf);
    }
}
