package org.queueservice.schema.migrations.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** queue-schema run in this JVM, what it prints to standard output and error kept for the test to read. */
final class Console {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** The command as the shell would start it with only {@code environment} set. */
    QueueSchemaCommand command(Map<String, String> environment) {
        return new QueueSchemaCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), environment::get);
    }

    /** Runs it with an empty environment and returns its exit code. */
    int run(String... args) {
        return command(Map.of()).run(args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Forgets what was printed so far, so that the next run's output is read alone. */
    void clear() {
        out.reset();
        err.reset();
    }
}
