package org.queueservice.schema.migrations.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An unknown command or option: one line naming it, a did-you-mean when one is close, exit 2, no help dump. */
class UsageErrorsTest {

    private final Console console = new Console();

    private int run(String... args) {
        return console.run(args);
    }

    private String err() {
        return console.err();
    }

    @Test
    void aMistypedOptionIsOneLineWithTheOptionMeant() {
        // --to is required too: the unknown option is still what is reported, not the missing one.
        assertThat(run("rollback", "--tooo", "3")).isEqualTo(2);
        assertThat(err()).isEqualTo("queue-schema: unknown option '--tooo' for rollback; did you mean '--to'?\n");
        assertThat(console.out()).isEmpty();
    }

    @Test
    void anOptionNothingResemblesIsOneLineWithoutSuggestion() {
        assertThat(run("migrate", "--host", "db")).isEqualTo(2);
        assertThat(err()).isEqualTo("queue-schema: unknown option '--host' for migrate\n");
    }

    @Test
    void aMistypedCommandIsOneLineWithTheCommandMeant() {
        assertThat(run("migrat")).isEqualTo(2);
        assertThat(err()).isEqualTo("queue-schema: unknown command 'migrat'; did you mean 'migrate'?\n");
        assertThat(console.out()).isEmpty();
    }

    @Test
    void aCommandNothingResemblesIsOneLineWithoutSuggestion() {
        assertThat(run("frobnicate", "--url", "jdbc:postgresql://db/q")).isEqualTo(2);
        assertThat(err()).isEqualTo("queue-schema: unknown command 'frobnicate'\n");
    }

    @Test
    void anOptionOfAnotherCommandNamesThatCommand() {
        assertThat(run("migrate", "--dry-run")).isEqualTo(2);
        assertThat(err()).isEqualTo(
                "queue-schema: unknown option '--dry-run' for migrate; it is an option of rollback, repair, adopt and distribute\n");
        console.clear();

        assertThat(run("info", "--out", "report.md")).isEqualTo(2);
        assertThat(err()).isEqualTo("queue-schema: --out is an option of audit and review, not of info\n");
    }

    @Test
    void anOptionBeforeTheCommandSaysWhereItGoes() {
        assertThat(run("--url", "jdbc:postgresql://db/q", "migrate")).isEqualTo(2);
        assertThat(err()).isEqualTo("queue-schema: unknown option '--url' before the command; options follow it: "
                + "queue-schema <command> --url\n");
    }

    /** Values are given after a space; one written after '=' is not echoed, since it may be a password. */
    @Test
    void aValueAfterAnEqualsSignIsNeverPrinted() {
        assertThat(run("info", "--password=hunter2")).isEqualTo(2);
        assertThat(err()).isEqualTo("queue-schema: unknown option '--password=...' for info\n");
    }

    @Test
    void anOptionGivenTwiceOrWithoutItsValueIsALineThenTheCommandsHelp() {
        assertThat(run("info", "--user", "a", "--user", "b")).isEqualTo(2);
        assertThat(err()).startsWith("queue-schema: --user given twice\nUsage: queue-schema info ");
        console.clear();

        assertThat(run("audit", "--out")).isEqualTo(2);
        assertThat(err()).startsWith("queue-schema: --out needs a value\nUsage: queue-schema audit ");
    }
}
