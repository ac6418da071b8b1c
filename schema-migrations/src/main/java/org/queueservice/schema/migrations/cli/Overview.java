package org.queueservice.schema.migrations.cli;

import static picocli.CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST;
import static picocli.CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING;
import static picocli.CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER;
import static picocli.CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS;
import static picocli.CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS_HEADING;

import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * {@code queue-schema --help}: every command with what it does (from the command's own description), then
 * the connection and settings options they share, in the columns the one-page help has always had.
 */
final class Overview {

    /** Where a command's description starts: a name or listing that is longer stands on a line of its own. */
    private static final int DESCRIPTION_COLUMN = 16;

    private static final String SHARED_OPTIONS = """

            Run queue-schema <command> --help for the options of one command.

            Connection (each falls back to an environment variable, then to a local default):
              --url JDBC_URL      QUEUE_DB_URL       %s
                                  (only this default database is created when missing; an
                                  empty --url or QUEUE_DB_URL is an error, not the default)
              --user USER         QUEUE_DB_USER      %s
              --password PASS     QUEUE_DB_PASSWORD  (none)

            Migration settings (recorded by migrate; later commands use the recorded values when
            left out, and refuse a different one with exit 2):
              --app-role NAME           role the queue service runs as            (queue_app)
              --maintenance-role NAME   role for system-wide sweeps                (queue_maintenance)
              --system-tenant UUID      tenant that owns the seed rows  (00000000-0000-0000-0000-000000000001)
              --lock-timeout DURATION   longest wait for a table lock, e.g. 5s, 1500ms, 1m30s  (5s)
            """.formatted(ConnectionOptions.DEFAULT_URL, ConnectionOptions.DEFAULT_USER);

    private Overview() {
    }

    static void install(CommandLine root) {
        UsageMessageSpec usage = root.getCommandSpec().usageMessage();
        usage.sectionKeys(List.of(SECTION_KEY_SYNOPSIS_HEADING, SECTION_KEY_SYNOPSIS, SECTION_KEY_COMMAND_LIST_HEADING,
                SECTION_KEY_COMMAND_LIST, SECTION_KEY_FOOTER));
        usage.commandListHeading("%nCommands:%n");
        root.getHelpSectionMap().put(SECTION_KEY_COMMAND_LIST, help -> commands(root));
        root.getHelpSectionMap().put(SECTION_KEY_FOOTER, help -> SHARED_OPTIONS);
        // picocli's help command, in the words and layout of the others.
        root.getSubcommands().get("help").getCommandSpec().usageMessage().header(new String[0]).synopsisHeading("Usage: ")
                .descriptionHeading("%n").description("print this help, or with a command's name that command's help");
    }

    private static String commands(CommandLine root) {
        StringBuilder list = new StringBuilder();
        root.getSubcommands().values().forEach(command -> {
            ListedAs listed = command.getCommandSpec().userObject().getClass().getAnnotation(ListedAs.class);
            entry(list, listed == null ? command.getCommandName() : listed.value(),
                    command.getCommandSpec().usageMessage().description());
        });
        root.getCommandSpec().options().forEach(option -> entry(list, option.longestName(), option.description()));
        return list.toString();
    }

    private static void entry(StringBuilder list, String listing, String[] description) {
        String indent = " ".repeat(DESCRIPTION_COLUMN);
        list.append("  ").append(listing);
        if (listing.length() + 2 < DESCRIPTION_COLUMN - 1) {
            list.append(" ".repeat(DESCRIPTION_COLUMN - 2 - listing.length())).append(description[0]).append('\n');
        } else {
            list.append('\n').append(indent).append(description[0]).append('\n');
        }
        for (int line = 1; line < description.length; line++) {
            list.append(indent).append(description[line]).append('\n');
        }
    }
}
