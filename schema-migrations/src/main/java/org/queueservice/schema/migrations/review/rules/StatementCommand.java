package org.queueservice.schema.migrations.review.rules;

import java.util.List;
import java.util.Set;

import org.queueservice.schema.migrations.review.rules.SqlStatements.Statement;
import org.queueservice.schema.migrations.review.rules.SqlStatements.Token;

/**
 * A statement's command, read from its leading keywords as PostgreSQL's grammar reads them, e.g.
 * {@code create index} for {@code CREATE UNIQUE INDEX}, {@code alter table}, {@code drop materialized view},
 * {@code update} for {@code WITH ... UPDATE}: the words that say what it does, its options left out.
 */
final class StatementCommand {

    /**
     * The commands the review knows, beyond those {@link Action} reads in detail: none of them locks a table in a
     * way worth reporting (or its lock is read from the statement), so a statement of any other command is
     * unrecognised (QS100). DO and CALL are not here: they run code the review does not read.
     */
    static final Set<String> RECOGNISED = Set.of(
            "create function", "create procedure", "create sequence", "create type", "create extension", "create schema",
            "create view", "create materialized view", "create aggregate", "create cast", "create collation", "create operator",
            "create conversion", "create text search", "create event trigger", "create publication", "create subscription",
            "alter function", "alter procedure", "alter sequence", "alter type", "alter extension", "alter schema", "alter view",
            "alter materialized view", "alter default privileges", "alter trigger", "alter database", "alter aggregate",
            "alter operator", "alter collation", "alter text search", "alter publication", "alter subscription", "alter owned",
            "alter large object", "alter event trigger", "alter statistics",
            "comment", "security label", "grant", "revoke", "select", "values", "table", "show", "explain",
            "set", "reset", "checkpoint", "discard", "listen", "notify", "unlisten", "deallocate", "reassign owned");

    /** Words that may stand between CREATE and what it creates. */
    private static final Set<String> CREATE_OPTIONS = Set.of("or", "replace", "unique", "temp", "temporary", "unlogged", "global",
            "local", "recursive", "trusted", "procedural", "constraint", "default");

    /** The first word of an object type spelled in two words: {@code materialized view}, {@code default privileges}. */
    private static final Set<String> TWO_WORD_OBJECTS = Set.of("materialized", "foreign", "event", "text", "access", "default",
            "large", "owned", "security");

    private StatementCommand() {
    }

    static String of(Statement statement) {
        List<String> words = statement.leadingWords(8);
        if (words.isEmpty()) {
            return "";
        }
        String verb = words.get(0);
        switch (verb) {
            case "create", "alter", "drop" -> {
                int i = 1;
                while (verb.equals("create") && i < words.size() && CREATE_OPTIONS.contains(words.get(i))) {
                    i++;
                }
                if (i >= words.size()) {
                    return verb;
                }
                String object = words.get(i);
                if ((TWO_WORD_OBJECTS.contains(object) || object.equals("user") && words.size() > i + 1 && words.get(i + 1).equals("mapping"))
                        && i + 1 < words.size()) {
                    object += " " + words.get(i + 1);
                }
                return verb + " " + object;
            }
            case "start", "prepare" -> {
                return words.size() > 1 && words.get(1).equals("transaction") ? verb + " transaction" : verb;
            }
            case "refresh" -> {
                return "refresh materialized view";
            }
            case "security" -> {
                return "security label";
            }
            case "reassign" -> {
                return "reassign owned";
            }
            case "with" -> {
                return afterCommonTableExpressions(statement);
            }
            default -> {
                return verb;
            }
        }
    }

    /** WITH ... SELECT, INSERT, UPDATE, DELETE or MERGE: the command that follows the common table expressions. */
    private static String afterCommonTableExpressions(Statement statement) {
        int depth = 0;
        Token previous = null;
        for (Token token : statement.tokens()) {
            if (token.isSymbol("(")) {
                depth++;
            } else if (token.isSymbol(")")) {
                depth--;
            } else if (depth == 0 && previous != null && previous.isSymbol(")")
                    && List.of("select", "insert", "update", "delete", "merge", "values", "table").contains(token.value())
                    && token.type() == SqlStatements.TokenType.WORD) {
                return token.value();
            }
            previous = token;
        }
        return "with";
    }
}
