package org.queueservice.schema.migrations.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.queueservice.schema.migrations.review.rules.Rule;
import org.queueservice.schema.migrations.review.trace.TracedRule;
import org.queueservice.schema.migrations.review.trace.TracedRules;

/** The rules decided on the scratch database and on the released versions: registered once, fully documented, in docs/reviewing.md. */
class TracedRulesTest {

    @Test
    void everyTracedRuleIsRegisteredOnceWithAStableCodeAndFullDocumentation() {
        assertThat(TracedRules.ALL.stream().map(r -> r.rule().code()).toList())
                .containsExactly("QS130", "QS131", "QS132", "QS133", "QS134", "QS220");
        for (TracedRule rule : TracedRules.ALL) {
            Rule about = rule.rule();
            assertThat(rule.getClass().getSimpleName()).startsWith("Qs" + about.code().substring(2));
            assertThat(Modifier.isPublic(rule.getClass().getModifiers())).isFalse();
            assertThat(List.of(about.title(), about.explanation(), about.safeAlternative())).allSatisfy(text -> assertThat(text).isNotBlank());
        }
        assertThat(ReleasedVersions.class.getAnnotation(Rule.class).code()).isEqualTo("QS230");
    }

    @Test
    void theReviewPageTablesEveryTracedRuleAndQs230() throws IOException {
        String page = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("docs/reviewing.md"));
        List<Rule> rules = new ArrayList<>(TracedRules.ALL.stream().map(TracedRule::rule).toList());
        rules.add(ReleasedVersions.class.getAnnotation(Rule.class));
        for (Rule about : rules) {
            assertThat(page).contains("| " + about.code() + " | " + about.severity().name().toLowerCase() + " | " + about.title() + " | "
                    + about.explanation() + " | " + about.safeAlternative() + " |\n");
        }
    }

    @Test
    void theStatementsOfAReleasedScriptAreComparedOneByOne() {
        String was = "-- step one\ncreate table a (x int);\n-- step two\n-- only if true\ncreate policy p on a using (x = 1);\n";
        String now = "-- step one\ncreate table a (x int);\n-- step two\n-- only if true\ncreate policy p on a using (x = 1 or true);\n";
        assertThat(ReleasedVersions.statementsChanged(was, now)).isEqualTo("statement 2 is now `create policy p on a using (x = 1 or true)`");
        assertThat(ReleasedVersions.statementsChanged(was, "-- step one\ncreate table a (x int);\n"))
                .isEqualTo("statement 2 removed (`create policy p on a using (x = 1)`)");
    }
}
