package org.queueservice.schema.migrations.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.queueservice.schema.migrations.review.ParsedJson;

/** {@code queue-schema review}'s arguments and the errors that stop it before any database is touched. */
class ReviewCommandTest {

    private final Console console = new Console();

    private int run(String... args) {
        return console.run(args);
    }

    private String err() {
        return console.err();
    }

    @Test
    void reviewNeedsABaseOrADatabase() {
        assertThat(run("review")).isEqualTo(2);
        assertThat(err()).startsWith("queue-schema: review needs --base REF (a git revision), --url JDBC_URL, or both\nUsage:");
    }

    @Test
    void itsOptionsAreCheckedAndBelongToIt() {
        assertThat(run("review", "--base", "main", "--format", "xml")).isEqualTo(2);
        assertThat(run("migrate", "--base", "main")).isEqualTo(2);
        assertThat(run("info", "--format", "json")).isEqualTo(2);
        assertThat(err()).contains("queue-schema: --format must be markdown, json or github, got 'xml'",
                "queue-schema: --base is an option of review, not of migrate",
                "queue-schema: --format is an option of review, not of info");
    }

    @Test
    void aMissingBaseIsOneLineAndExitTwo() throws Exception {
        assertThat(run("review", "--base", "no-such-ref-of-queue-schema")).isEqualTo(2);
        Path root = Path.of("").toAbsolutePath().getParent().toRealPath();
        assertThat(err()).isEqualTo("queue-schema: review --base no-such-ref-of-queue-schema: no such commit or branch in " + root
                + " (fetch it, or name an existing ref such as origin/main)\n");
        assertThat(console.out()).isEmpty();
    }

    /** This repository against its own HEAD: no new version, no hazard; the JSON parses back. */
    @Test
    void jsonAgainstHeadParsesBack() throws Exception {
        assertThat(run("review", "--base", "HEAD", "--format", "json")).isZero();
        Map<String, Object> json = ParsedJson.parse(console.out());
        assertThat(json).containsEntry("exitCode", 0L).containsEntry("base", "HEAD").containsEntry("database", null);
        assertThat(ParsedJson.array(json.get("versions"))).isEmpty();
        assertThat(ParsedJson.array(json.get("hazards"))).isEmpty();
        assertThat(err()).isEmpty();
    }

    @Test
    void aReportThatCannotBeWrittenIsOneLineAndExitTwo(@TempDir Path dir) {
        Path unwritable = dir.resolve("no-such-folder").resolve("review.md");

        assertThat(run("review", "--base", "HEAD", "--out", unwritable.toString())).isEqualTo(2);

        assertThat(err()).startsWith("queue-schema: review cannot write its report to " + unwritable + ": ").hasLineCount(1);
        assertThat(console.out()).isEmpty();
    }

    @Test
    void usageListsTheCommand() {
        assertThat(run("--help")).isZero();
        assertThat(console.out()).contains(
                "  review [--base REF] [--url JDBC_URL] [--format markdown|json|github] [--out FILE]\n");
    }
}
