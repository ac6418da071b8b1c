package org.queueservice.schema.migrations.cli;

import java.util.function.Function;

import org.queueservice.schema.migrations.ConnectionSettings;

import picocli.CommandLine.Option;

/**
 * The mixin of {@code --url}, {@code --user} and {@code --password}, which every command that reads a
 * database takes: each falls back to an environment variable, then to a local default.
 */
final class ConnectionOptions {

    static final String DEFAULT_URL = "jdbc:postgresql://localhost:5432/queue_service";
    static final String DEFAULT_USER = "postgres";

    /** Above these options in a command's help ({@link CommandHelp}). */
    static final String HEADING = "Connection (each falls back to an environment variable, then to a default):";

    @Option(names = "--url", paramLabel = "JDBC_URL", description = {"the database; else QUEUE_DB_URL, else", DEFAULT_URL + ",",
            "the only database created when missing; an empty", "--url or QUEUE_DB_URL is an error, not the default"})
    private String url;

    @Option(names = "--user", paramLabel = "USER", description = "who connects; else QUEUE_DB_USER, else " + DEFAULT_USER)
    private String user;

    @Option(names = "--password", paramLabel = "PASS", description = "the password; else QUEUE_DB_PASSWORD, else none")
    private String password;

    /** Where the options and the environment point, and whether that is the built-in local default. */
    record Target(ConnectionSettings connection, boolean usesDefaultDatabase) {
    }

    /** @throws IllegalArgumentException naming the empty option or variable, or what is wrong with the URL */
    Target target(Function<String, String> environment) {
        // An empty URL is a mistake (an unset variable in a script, say), never a request for the local default.
        if ("".equals(url)) {
            throw new IllegalArgumentException("--url is empty; give a JDBC URL such as " + DEFAULT_URL);
        }
        if (url == null && "".equals(environment.apply("QUEUE_DB_URL"))) {
            throw new IllegalArgumentException("QUEUE_DB_URL is set but empty; give a JDBC URL such as " + DEFAULT_URL
                    + ", or unset it for that default");
        }
        String chosen = firstOf(url, environment.apply("QUEUE_DB_URL"));
        ConnectionSettings connection = new ConnectionSettings(chosen == null ? DEFAULT_URL : chosen,
                firstOf(user, environment.apply("QUEUE_DB_USER"), DEFAULT_USER),
                firstOf(password, environment.apply("QUEUE_DB_PASSWORD")));
        return new Target(connection, chosen == null);
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }
}
