package org.queueservice.schema.migrations.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.queueservice.schema.migrations.Migrations;
import org.queueservice.schema.migrations.cli.QueueSchemaCommand.Invocation;
import org.queueservice.schema.migrations.review.ReviewReport;
import org.queueservice.schema.migrations.review.SchemaReview;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

@ListedAs("review [--base REF] [--url JDBC_URL] [--format markdown|json|github] [--out FILE]")
@Command(name = "review", description = {
        "review the new migrations (source absent at git REF, or not applied at",
        "--url, or both): locks, hazard rules, with --url data checks and drift,",
        "with --base the generated API; exit 0 no unaccepted error, 1 one, 2 the",
        "review could not run"})
final class ReviewCommand extends ReportingCommand {

    enum Format {
        MARKDOWN, JSON, GITHUB;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Option(names = "--base", paramLabel = "REF", description = "the git revision whose migrations are not new")
    private String base;

    @Option(names = "--format", paramLabel = "FORMAT", converter = FormatName.class, defaultValue = "markdown",
            description = "markdown (the default), json or github (annotations and a pull request comment)")
    private Format format;

    /** Without --url (nor QUEUE_DB_URL) the review reads no database, not the local default's. */
    @Override
    boolean readsDatabase(Invocation invocation) {
        return !invocation.usesDefaultDatabase();
    }

    @Override
    void check(Invocation invocation) {
        if (base == null && invocation.usesDefaultDatabase()) {
            throw new IllegalArgumentException("review needs --base REF (a git revision), --url JDBC_URL, or both");
        }
    }

    @Override
    int run(Invocation invocation) {
        ReviewReport review = new SchemaReview(Migrations.all(), invocation.settings(), Path.of("").toAbsolutePath(), base,
                invocation.usesDefaultDatabase() ? null : invocation.connection()).run();
        String text = switch (format) {
            case JSON -> review.json();
            case GITHUB -> review.github();
            case MARKDOWN -> review.markdown();
        };
        return report.publish(spec.name(), text, out(), err()) ? review.exitCode() : ExitCode.USAGE;
    }

    static final class FormatName implements ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return Arrays.stream(Format.values()).filter(format -> format.toString().equals(value)).findFirst()
                    .orElseThrow(() -> new TypeConversionException("--format must be markdown, json or github, got '" + value + "'"));
        }
    }
}
