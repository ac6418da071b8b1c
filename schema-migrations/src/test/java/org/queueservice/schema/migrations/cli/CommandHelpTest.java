package org.queueservice.schema.migrations.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code <command> --help}, {@code --version} and {@code completion}. */
class CommandHelpTest {

    /** The options that only some commands take, so that each command's help can be checked to show only its own. */
    private static final List<String> COMMAND_OPTIONS = List.of("--to VERSION", "--dry-run", "--force", "--out FILE",
            "--base REF", "--format FORMAT");

    private final Console console = new Console();

    private int run(String... args) {
        return console.run(args);
    }

    private String out() {
        return console.out();
    }

    @Test
    void rollbackHelpShowsRollbackAlone() {
        assertThat(run("rollback", "--help")).isZero();

        assertThat(out()).startsWith("Usage: queue-schema rollback --to VERSION [--dry-run] [--force] [-h]\n")
                .contains("undo applied migrations above VERSION (0: all)",
                        "      --to VERSION           the version to go down to; 0 undoes every migration\n",
                        "      --url JDBC_URL", "      --app-role NAME")
                .doesNotContain("--base", "--format", "--out", "apply pending migrations", "review the new migrations");
        assertThat(console.err()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "migrate;",
            "info;",
            "validate;",
            "rollback;--to VERSION,--dry-run,--force",
            "repair;--dry-run",
            "audit;--out FILE",
            "review;--out FILE,--base REF,--format FORMAT",
            "adopt;--dry-run",
            "distribute;--dry-run"})
    void eachCommandsHelpShowsItsOwnOptionsAndTheSharedOnesOnly(String command, String own) {
        List<String> owned = own == null ? List.of() : List.of(own.split(","));

        assertThat(run(command, "--help")).isZero();

        assertThat(out()).startsWith("Usage: queue-schema " + command + " ")
                .contains("--url JDBC_URL", "--user USER", "--password PASS", "--lock-timeout DURATION")
                .doesNotContain(COMMAND_OPTIONS.stream().filter(option -> !owned.contains(option)).toList());
        owned.forEach(option -> assertThat(out()).contains(option));
    }

    @Test
    void helpNamingACommandIsThatCommandsHelp() {
        assertThat(run("help", "repair")).isZero();
        assertThat(out()).startsWith("Usage: queue-schema repair [--dry-run] [-h]");
    }

    @Test
    void theOverviewListsEveryCommandWithItsDescription() {
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("  info          list applied and pending migration versions\n",
                "  rollback --to VERSION [--dry-run] [--force]\n                undo applied migrations above VERSION",
                "  completion    print the bash completion script of queue-schema; install it as\n",
                "  --version     print the version of queue-schema\n",
                "Run queue-schema <command> --help for the options of one command.\n");
    }

    @Test
    void versionIsTheBuildsAndNothingElse() {
        assertThat(run("--version")).isZero();
        assertThat(out()).isEqualTo("queue-schema " + Version.current() + "\n").doesNotContain("${");
        assertThat(console.err()).isEmpty();
    }

    @Test
    void completionIsTheSameScriptEachTimeAndCompletesCommandsOptionsAndValues(@TempDir Path dir) throws Exception {
        assertThat(run("completion")).isZero();
        String script = out();
        console.clear();
        assertThat(run("completion")).isZero();
        assertThat(out()).isEqualTo(script);
        assertThat(script).startsWith("#!/usr/bin/env bash\n")
                .contains("complete -F _complete_queue-schema -o default queue-schema");

        Path file = Files.writeString(dir.resolve("queue-schema.bash"), script);
        assertThat(complete(file, "queue-schema", "roll")).isEqualTo("rollback");
        assertThat(complete(file, "queue-schema", "rollback", "--dr")).isEqualTo("--dry-run");
        assertThat(complete(file, "queue-schema", "review", "--format", "")).isEqualTo("markdown json github");
    }

    /** What bash offers for the last of {@code words} with the script sourced, as the shell calls it on TAB. */
    private static String complete(Path script, String... words) throws IOException, InterruptedException {
        String line = String.join(" ", words);
        String shell = "source '" + script + "'; COMP_WORDS=(" + String.join(" ", List.of(words).stream()
                .map(word -> "'" + word + "'").toList()) + "); COMP_CWORD=" + (words.length - 1) + "; COMP_LINE='" + line
                + "'; COMP_POINT=${#COMP_LINE}; _complete_queue-schema; echo \"${COMPREPLY[*]}\"";
        Process bash = new ProcessBuilder("bash", "-c", shell).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String offered = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return offered;
    }
}
