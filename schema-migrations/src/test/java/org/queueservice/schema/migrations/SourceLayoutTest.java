package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The layering of the main sources: {@link QueueSchemaMigrations} is a facade over the packages below it, so none of
 * them may reach back to it (only the command line, above it, uses it); and no main source file grows past what a
 * reader takes in at once. Read from the source tree, as the tests run in the module's directory.
 */
class SourceLayoutTest {

    private static final Path PACKAGE = Path.of("src/main/java/org/queueservice/schema/migrations");
    /** The module's parent: the reactor, whose modules' main sources the size rule covers. */
    private static final Path REACTOR = Path.of("..").toAbsolutePath().normalize();
    /** Written by jOOQ's generator from the migrated database, not by hand. */
    private static final Path GENERATED_JOOQ = REACTOR.resolve("generated-sources/src/main/java/org/queueservice/schema/generated");
    private static final int MAX_LINES = 400;
    private static final Pattern FACADE = Pattern.compile("\\bQueueSchemaMigrations\\b");

    @Test
    void noPackageBelowTheFacadeUsesIt() {
        Map<String, Boolean> usesFacade = new TreeMap<>();
        for (Path file : javaFiles(PACKAGE)) {
            Path relative = PACKAGE.relativize(file);
            if (relative.getNameCount() > 1) { // a sub-package, not the facade's own
                usesFacade.put(relative.toString(), FACADE.matcher(code(read(file))).find());
            }
        }
        // the detector sees a real use: the command line, above the facade, calls it
        assertThat(usesFacade).containsEntry("cli/QueueSchemaCommand.java", true).hasSizeGreaterThan(100);
        assertThat(usesFacade.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                .filter(file -> !file.startsWith("cli/")))
                .as("files below QueueSchemaMigrations that use it; pass what they need (FlywayChain, the settings, "
                        + "the connection) from the top package's small types or internal")
                .isEmpty();
    }

    @Test
    void noMainSourceFileIsLongerThanFourHundredLines() {
        Map<String, Integer> lines = new TreeMap<>();
        for (Path file : javaFiles(REACTOR)) {
            if (file.toString().contains("/src/main/") && !file.startsWith(GENERATED_JOOQ)) {
                lines.put(REACTOR.relativize(file).toString(), read(file).split("\n", -1).length - 1);
            }
        }
        assertThat(lines.keySet()).anyMatch(f -> f.startsWith("schema-model/")).anyMatch(f -> f.startsWith("schema-migrations/"))
                .anyMatch(f -> f.startsWith("generated-sources/src/main/java/org/queueservice/schema/tenant/"));
        assertThat(lines).hasSizeGreaterThan(200);
        Map<String, Integer> over = new TreeMap<>(lines);
        over.values().removeIf(count -> count <= MAX_LINES);
        assertThat(over).as("main source files over %d lines: split them along what each part does", MAX_LINES).isEmpty();
    }

    @Test
    void codeLeavesCommentsAndLiteralsOut() {
        assertThat(code("""
                /** {@link QueueSchemaMigrations} */ // QueueSchemaMigrations
                String a = "QueueSchemaMigrations", b = \"""
                    QueueSchemaMigrations\""";
                char c = '"'; Migrations.HISTORY_TABLE;
                """)).doesNotContain("QueueSchemaMigrations").contains("Migrations.HISTORY_TABLE");
    }

    /** The text of a Java source with its comments, strings, text blocks and character literals blanked out. */
    static String code(String source) {
        StringBuilder code = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            if (source.startsWith("//", i)) {
                i = end(source, "\n", i + 2);
            } else if (source.startsWith("/*", i)) {
                i = end(source, "*/", i + 2) + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                i = skipQuoted(source, "\"\"\"", i + 3);
            } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
                i = skipQuoted(source, String.valueOf(source.charAt(i)), i + 1);
            } else {
                code.append(source.charAt(i++));
                continue;
            }
            code.append(' ');
        }
        return code.toString();
    }

    private static int skipQuoted(String source, String close, int from) {
        int i = from;
        while (i < source.length() && !source.startsWith(close, i)) {
            i += source.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(i + close.length(), source.length());
    }

    private static int end(String source, String marker, int from) {
        int at = source.indexOf(marker, from);
        return at < 0 ? source.length() : at;
    }

    private static List<Path> javaFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java") && !f.toString().contains("/target/")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
