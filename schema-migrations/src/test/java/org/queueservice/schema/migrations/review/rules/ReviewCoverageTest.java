package org.queueservice.schema.migrations.review.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** docs/review-coverage.md, row by row: each sample, reviewed as a next version, gets exactly the codes the table gives it. */
class ReviewCoverageTest {

    private static final Path TABLE = Path.of("").toAbsolutePath().getParent().resolve("docs/review-coverage.md");
    private static final Pattern ROW = Pattern.compile("^\\| (.+?) \\| (squawk|PostgreSQL) \\| `(.+)` \\| (.+) \\|$");

    /** One hazard kind of the table; {@code codes} empty where it says none. */
    record Row(String kind, String source, String sample, List<String> codes) {

        @Override
        public String toString() {
            return kind;
        }
    }

    static Stream<Row> rows() throws IOException {
        return Files.readAllLines(TABLE).stream().map(ROW::matcher).filter(Matcher::matches)
                .map(m -> new Row(m.group(1), m.group(2), m.group(3),
                        m.group(4).startsWith("none") ? List.of() : Arrays.stream(m.group(4).split(", ")).toList()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachSampleGetsTheCodesTheTableGivesIt(Row row) throws SQLException {
        assertThat(HazardRulesTest.codes(new StatementFormsTest.V4__One_call(row.sample()))).as(row.sample())
                .containsExactlyInAnyOrderElementsOf(row.codes());
    }

    /** The figures the table's text gives: of each source's kinds, how many a code catches. */
    @Test
    void theFiguresAreCountedFromTheTable() throws IOException {
        List<Row> rows = rows().toList();
        assertThat(count(rows, "squawk", false)).isEqualTo(24);
        assertThat(count(rows, "squawk", true)).isEqualTo(19);
        assertThat(count(rows, "PostgreSQL", false)).isEqualTo(17);
        assertThat(count(rows, "PostgreSQL", true)).isEqualTo(14);
        assertThat(Files.readString(TABLE)).contains("of squawk's 24 kinds, 19 are caught", "Of the 17 PostgreSQL kinds, 14 are caught");
    }

    private static long count(List<Row> rows, String source, boolean caughtOnly) {
        return rows.stream().filter(r -> r.source().equals(source) && (!caughtOnly || !r.codes().isEmpty())).count();
    }
}
