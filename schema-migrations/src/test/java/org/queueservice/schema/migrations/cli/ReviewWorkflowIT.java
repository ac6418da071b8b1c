package org.queueservice.schema.migrations.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.QueueSchemaMigrations;
import org.queueservice.schema.migrations.provision.ScratchDatabase;

/**
 * Runs exactly the review lines of {@code .github/workflows/schema-review.yml}, read from the file, so the
 * workflow and the command cannot drift apart. The workflow's variables are given what a pull request of this
 * repository with nothing new would give: the base is HEAD, the database is migrated by the same versions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReviewWorkflowIT {

    static final Path WORKFLOW = Path.of("").toAbsolutePath().getParent().resolve(".github/workflows/schema-review.yml");
    private static final String JAR = "java -jar schema-migrations/target/queue-schema.jar ";

    private ScratchDatabase database;

    @TempDir
    Path runnerTemp;

    @BeforeAll
    void migrate() {
        database = ScratchDatabase.create("ReviewWorkflowIT");
        new QueueSchemaMigrations(database.settings(), MigrationSettings.DEFAULT).migrate();
    }

    @AfterAll
    void drop() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void theWorkflowsReviewLinesPassOnAChangeWithoutNewVersions() throws IOException {
        List<String> lines = Files.readAllLines(WORKFLOW).stream().map(String::strip).filter(l -> l.startsWith(JAR + "review ")).toList();
        assertThat(lines).hasSize(2);

        Run markdown = run(lines.get(0));
        assertThat(markdown.exit()).isZero();
        assertThat(markdown.err()).isEmpty();
        String comment = Files.readString(runnerTemp.resolve("review.md"));
        assertThat(comment).startsWith("### queue-schema review\n\n**Passes**: 0 error(s), 0 warning(s), 0 accepted.\n\nCompared with `HEAD` and `"
                + database.settings().url() + " as " + database.settings().user() + "`: no new version.");
        assertThat(comment).contains("#### Drift of `" + database.name() + "`\n\nNone:");

        Run github = run(lines.get(1));
        assertThat(github.exit()).isZero();
        assertThat(github.out()).isEqualTo("queue-schema review: Passes: 0 error(s), 0 warning(s), 0 accepted.\n");
    }

    record Run(int exit, String out, String err) {
    }

    /** One workflow line, its quoted words split as the shell splits them and its variables given their values. */
    private Run run(String line) {
        Map<String, String> variables = Map.of("BASE_SHA", "HEAD", "REVIEW_DB_URL", database.settings().url(),
                "RUNNER_TEMP", runnerTemp.toString());
        List<String> args = new ArrayList<>();
        Matcher word = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line.substring(JAR.length()));
        while (word.find()) {
            String value = word.group(1) != null ? word.group(1) : word.group(2);
            for (Map.Entry<String, String> variable : variables.entrySet()) {
                value = value.replace("$" + variable.getKey(), variable.getValue());
            }
            args.add(value);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> environment = Map.of("QUEUE_DB_USER", database.settings().user(),
                "QUEUE_DB_PASSWORD", database.settings().password() == null ? "" : database.settings().password());
        int exit = new QueueSchemaCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                environment::get).run(args.toArray(String[]::new));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
