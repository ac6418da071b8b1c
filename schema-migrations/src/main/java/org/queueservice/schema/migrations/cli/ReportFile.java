package org.queueservice.schema.migrations.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine.Option;

/** The mixin of {@code --out FILE}, where audit and review write their report; standard output without it. */
final class ReportFile {

    @Option(names = "--out", paramLabel = "FILE", description = "write the report to FILE (default: standard output)")
    Path path;

    boolean given() {
        return path != null;
    }

    /** The report to standard output, or to --out; false, said on standard error, when the file cannot be written. */
    boolean publish(String command, String report, PrintStream out, PrintStream err) {
        if (path == null) {
            out.print(report);
            return true;
        }
        try {
            Files.writeString(path, report, StandardCharsets.UTF_8);
            return true;
        } catch (IOException e) {
            err.println("queue-schema: " + command + " cannot write its report to " + path + ": " + e);
            return false;
        }
    }
}
