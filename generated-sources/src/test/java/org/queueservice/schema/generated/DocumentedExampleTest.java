package org.queueservice.schema.generated;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The code examples of docs/generated-code.md are the compiled and executed ones, line for line: each lies between
 * {@code // docs <name>} and {@code // end of docs <name>} in the file it is taken from.
 */
class DocumentedExampleTest {

    private static final String CONSUMER = "src/it/consumer/src/main/java/org/example/queueservice/";

    @ParameterizedTest(name = "{0}: docs {1}")
    @CsvSource({
            "src/test/java/org/queueservice/schema/generated/GeneratedCodeIT.java, example",
            CONSUMER + "QueueLifeCycle.java, wiring",
            CONSUMER + "QueueLifeCycle.java, tenants",
            CONSUMER + "JobQueue.java, example"})
    void thePageShowsTheCodeThatRuns(String source, String name) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(source));
        int start = indexOf(lines, "// docs " + name);
        int end = indexOf(lines, "// end of docs " + name);
        List<String> example = lines.subList(start + 1, end).stream().map(String::strip).toList();

        List<String> page = Files.readAllLines(Path.of("../docs/generated-code.md")).stream().map(String::strip).toList();

        assertThat(example).isNotEmpty();
        assertThat(page).containsSequence(example);
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
