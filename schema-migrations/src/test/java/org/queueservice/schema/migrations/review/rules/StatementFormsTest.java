package org.queueservice.schema.migrations.review.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.queueservice.schema.migrations.Migrations;
import org.queueservice.schema.migrations.review.rules.SeededMigrations.Seeded;

/** The forms that once hid a statement from the review: each is read, and found, as the plain form would be. */
class StatementFormsTest {

    static Stream<Arguments> forms() {
        return Stream.of(
                Arguments.of("-- why\ncreate index jobs_x on jobs (type)", List.of("QS101")),
                Arguments.of("/* why: /* nested */ */ create index jobs_x on jobs (type)", List.of("QS101")),
                Arguments.of("CREATE INDEX jobs_x\n\tON Jobs (Type)", List.of("QS101")),
                Arguments.of("create index \"jobs by type\" on \"jobs\" (\"type\")", List.of("QS101")),
                Arguments.of("create index jobs_x on jobs (type) -- a trailing comment", List.of("QS101")),
                Arguments.of("create index jobs_x on jobs (type); -- a trailing comment", List.of("QS101")),
                Arguments.of("do $$ begin create index jobs_x on jobs (type); end $$", List.of("QS100")),
                Arguments.of("alter domain attempts_count add constraint attempts_positive check (value >= 0)", List.of("QS119")),
                Arguments.of("drop database queue_old", List.of("QS120")),
                Arguments.of("reindex index jobs_claim_idx", List.of("QS116")),
                Arguments.of("cluster jobs_claim_idx on jobs", List.of("QS115")),
                Arguments.of("alter table jobs add column note text; create index jobs_note_idx on jobs (note)", List.of("QS101")),
                Arguments.of("truncate jobs; alter table jobs alter column error set not null", List.of("QS105", "QS118")),
                Arguments.of("comment on table jobs is E'it\\'s; create index jobs_x on jobs (type)'", List.of()),
                Arguments.of("create function f() returns int language plpgsql as $f$ begin truncate jobs; return 1; end $f$", List.of()),
                // the released jobs table exists: IF NOT EXISTS creates nothing, and the index is on a live table
                Arguments.of("create table if not exists jobs (id uuid); create index jobs_x on jobs (type)", List.of("QS101")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forms")
    void eachFormIsReadAsThePlainFormWouldBe(String sql, List<String> codes) throws SQLException {
        assertThat(HazardRulesTest.codes(new V4__One_call(sql))).containsExactlyInAnyOrderElementsOf(codes);
    }

    /** Two statements of one call are two statements of the version: numbered apart, each with its findings. */
    @Test
    void twoStatementsInV4__One_callAreNumberedApart() throws SQLException {
        ReviewContext context = HazardRulesTest.context(Migrations.all(),
                List.of(new V4__One_call("alter table jobs add column note text; create index jobs_note_idx on jobs (note)")));
        assertThat(context.statements()).extracting(ReviewedStatement::number, ReviewedStatement::sql).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, "alter table jobs add column note text"),
                org.assertj.core.groups.Tuple.tuple(2, "create index jobs_note_idx on jobs (note)"));
        List<Finding> findings = new ArrayList<>();
        for (HazardRule rule : HazardRules.ALL) {
            findings.addAll(rule.find(context));
        }
        assertThat(findings).extracting(f -> f.statement().number()).containsExactly(2);
    }

    /** Nothing a version sends is shown lock-free because it was not recognised: every statement is read, or QS100. */
    @Test
    void anUnrecognisedStatementIsAFindingThatNamesIt() throws SQLException {
        ReviewContext context = HazardRulesTest.context(Migrations.all(), List.of(new V4__One_call("select 1; frobnicate jobs")));
        assertThat(new Qs100UnrecognisedStatement().find(context)).extracting(Finding::message)
                .containsExactly("statement 2 not recognised (`frobnicate jobs`): its locks and effects are unknown");
    }

    static final class V4__One_call extends Seeded {
        V4__One_call(String sql) {
            super(false, SeededMigrations.step(sql));
        }
    }
}
