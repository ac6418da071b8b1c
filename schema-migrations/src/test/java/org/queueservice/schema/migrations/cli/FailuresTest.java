package org.queueservice.schema.migrations.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.queueservice.schema.migrations.MigrationFailure;

import picocli.CommandLine;

/** What a command's failure exits with: audit and review that could not run must never read as a finding (1). */
class FailuresTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Failures failures = new Failures(new PrintStream(err, true, StandardCharsets.UTF_8));

    @Test
    void aDefectInAuditOrReviewExitsTwoWithItsStackTrace() {
        assertThat(failures.handleExecutionException(new IllegalStateException("a defect"), new CommandLine(new AuditCommand()), null))
                .isEqualTo(ExitCode.USAGE);
        assertThat(failures.handleExecutionException(new IllegalStateException("a defect"), new CommandLine(new ReviewCommand()), null))
                .isEqualTo(ExitCode.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("java.lang.IllegalStateException: a defect\n\tat ");
    }

    @Test
    void aDefectInAnotherCommandExitsOne() {
        assertThat(failures.handleExecutionException(new IllegalStateException("a defect"), new CommandLine(new MigrateCommand()), null))
                .isEqualTo(ExitCode.FAILED);
    }

    @Test
    void anExpectedFailureIsOneLineWithItsPasswordMasked() {
        assertThat(failures.handleExecutionException(new MigrationFailure("migrate failed on jdbc:postgresql://h/db?password=secret"),
                new CommandLine(new MigrateCommand()), null)).isEqualTo(ExitCode.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("queue-schema: migrate failed on jdbc:postgresql://h/db?password=***\n");
    }
}
