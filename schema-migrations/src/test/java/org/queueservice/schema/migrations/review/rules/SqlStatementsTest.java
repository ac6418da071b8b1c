package org.queueservice.schema.migrations.review.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.queueservice.schema.migrations.review.rules.SqlStatements.Statement;

/** What one call sends, split and put in normal form as PostgreSQL's lexer reads it. */
class SqlStatementsTest {

    @Test
    void commentsAreNotStatementsAndNotText() {
        assertThat(normalized("-- why\ncreate index jobs_x on jobs (type)")).containsExactly("create index jobs_x on jobs (type)");
        assertThat(normalized("/* a /* nested */ comment; */ CREATE  INDEX\tjobs_x\n ON jobs(type) -- trailing; comment"))
                .containsExactly("create index jobs_x on jobs(type)");
        assertThat(SqlStatements.split("-- only a comment;\n/* and another */")).isEmpty();
    }

    @Test
    void aStatementKeepsItsLeadingCommentInItsText() {
        assertThat(SqlStatements.split("select 1; -- why\ncreate index jobs_x on jobs (type);"))
                .extracting(Statement::text).containsExactly("select 1", "-- why\ncreate index jobs_x on jobs (type)");
    }

    @Test
    void severalStatementsInOneCallAreSeveral() {
        assertThat(normalized("alter table jobs add column note text; create index jobs_note_idx on jobs (note);;"))
                .containsExactly("alter table jobs add column note text", "create index jobs_note_idx on jobs (note)");
    }

    @Test
    void aSemicolonInsideAStringADollarQuoteOrAnEscapeEndsNothing() {
        assertThat(normalized("comment on table jobs is 'a; b'")).containsExactly("comment on table jobs is 'a; b'");
        assertThat(normalized("comment on table jobs is E'it\\'s; done'")).containsExactly("comment on table jobs is 'it''s; done'");
        assertThat(normalized("comment on table jobs is 'it''s; done'")).containsExactly("comment on table jobs is 'it''s; done'");
        assertThat(normalized("do $$ begin create index jobs_x on jobs (type); end $$")).containsExactly(
                "do ' begin create index jobs_x on jobs (type); end '");
        assertThat(normalized("create function f() returns int language plpgsql as $body$ begin return 1; end $body$; select f()"))
                .containsExactly("create function f() returns int language plpgsql as ' begin return 1; end '", "select f()");
        assertThat(normalized("create function f() returns int language sql begin atomic select 1; select case when true then 2 end; end; select 3"))
                .hasSize(2).last().isEqualTo("select 3");
    }

    @Test
    void unquotedNamesFoldAndQuotedOnesKeepTheirCase() {
        assertThat(normalized("CREATE INDEX \"jobs by type\" ON \"Jobs\" (\"type\")")).containsExactly(
                "create index \"jobs by type\" on \"Jobs\" (type)");
        assertThat(normalized("Alter Table JOBS add column \"Note\" text")).containsExactly("alter table jobs add column \"Note\" text");
        assertThat(SqlText.unqualified("public.\"Jobs\"")).isEqualTo("Jobs");
        assertThat(SqlText.unqualified("\"my.schema\".\"a \"\"b\"\"\"")).isEqualTo("a \"b\"");
        assertThat(SqlText.unqualified("public.JOBS")).isEqualTo("jobs");
    }

    @Test
    void theCommandIsReadFromTheLeadingKeywords() {
        assertThat(command("/* x */ CREATE UNIQUE INDEX CONCURRENTLY x ON jobs (id)")).isEqualTo("create index");
        assertThat(command("create or replace function f() returns int as $$ select 1 $$ language sql")).isEqualTo("create function");
        assertThat(command("drop materialized view if exists v")).isEqualTo("drop materialized view");
        assertThat(command("alter default privileges grant select on tables to queue_app")).isEqualTo("alter default privileges");
        assertThat(command("with old as (select id from jobs) delete from jobs where id in (select id from old)")).isEqualTo("delete");
        assertThat(command("start transaction")).isEqualTo("start transaction");
    }

    @Test
    void parametersNumbersAndCastsAreTokensOfTheirOwn() {
        assertThat(normalized("select $1::int + 1.5e3, x->>'a'")).containsExactly("select $1::int + 1.5e3, x->>'a'");
    }

    private static List<String> normalized(String sql) {
        return SqlStatements.split(sql).stream().map(Statement::normalized).toList();
    }

    private static String command(String sql) {
        return StatementCommand.of(SqlStatements.split(sql).get(0));
    }
}
