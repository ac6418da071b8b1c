package org.queueservice.schema.generated;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The README's usage example is the compiled one in GeneratedCodeIT, line for line. */
class ReadmeExampleTest {

    @Test
    void readmeShowsTheExampleThatGeneratedCodeItCompilesAndRuns() throws Exception {
        List<String> test = Files.readAllLines(Path.of("src/test/java/org/queueservice/schema/generated/GeneratedCodeIT.java"));
        int start = indexOf(test, "// README example");
        int end = indexOf(test, "// end of README example");
        List<String> example = test.subList(start + 1, end).stream().map(String::strip).toList();

        List<String> readme = Files.readAllLines(Path.of("../README.md")).stream().map(String::strip).toList();

        assertThat(example).isNotEmpty();
        assertThat(readme).containsSubsequence(example);
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
