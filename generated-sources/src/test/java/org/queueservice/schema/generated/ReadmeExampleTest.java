package org.queueservice.schema.generated;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The README's code examples are the compiled and executed ones, line for line: each lies between
 * {@code // README <name>} and {@code // end of README <name>} in the file it is taken from.
 */
class ReadmeExampleTest {

    private static final String CONSUMER = "src/it/consumer/src/main/java/org/example/queueservice/";

    @ParameterizedTest(name = "{0}: README {1}")
    @CsvSource({
            "src/test/java/org/queueservice/schema/generated/GeneratedCodeIT.java, example",
            CONSUMER + "QueueLifeCycle.java, wiring",
            CONSUMER + "QueueLifeCycle.java, tenants",
            CONSUMER + "JobQueue.java, example"})
    void readmeShowsTheCodeThatRuns(String source, String name) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(source));
        int start = indexOf(lines, "// README " + name);
        int end = indexOf(lines, "// end of README " + name);
        List<String> example = lines.subList(start + 1, end).stream().map(String::strip).toList();

        List<String> readme = Files.readAllLines(Path.of("../README.md")).stream().map(String::strip).toList();

        assertThat(example).isNotEmpty();
        assertThat(readme).containsSequence(example);
    }

    private static int indexOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().startsWith(marker)) {
                return i;
            }
        }
        throw new AssertionError("marker not found: " + marker);
    }
}
