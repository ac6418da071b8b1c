package org.queueservice.schema.migrations.review.rules;

import static org.queueservice.schema.migrations.review.rules.Action.NAME;
import static org.queueservice.schema.migrations.review.rules.Action.name;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.queueservice.schema.migrations.internal.TableLock;

/**
 * Reads a statement into its {@link Action}s: the command decides which pattern applies, and a form that
 * pattern does not cover is one action of kind UNRECOGNISED. ALTER TABLE's clauses are read by
 * {@link AlterTableClauses}.
 */
final class StatementActions {

    private static final Pattern CREATE_INDEX = Pattern.compile(
            "^create (unique )?index (concurrently )?(if not exists )?(?:" + NAME + " )?on (?:only )?" + NAME);
    private static final Pattern DROP_INDEX = Pattern.compile("^drop index (concurrently )?(if exists )?(.+?)( cascade| restrict)?$");
    private static final Pattern CREATE_TABLE = Pattern.compile("^create (?:(?:global |local )?(?:temp|temporary) |unlogged )?table (if not exists )?" + NAME);
    private static final Pattern DROP_TABLE = Pattern.compile("^drop table (if exists )?(.+?)( cascade| restrict)?$");
    private static final Pattern ALTER_TABLE = Pattern.compile("^alter table (if exists )?(only )?" + NAME + " ?\\*? (.*)$");
    private static final Pattern POLICY = Pattern.compile("^(create|alter|drop) policy (?:if exists )?" + NAME + " on " + NAME);
    private static final Pattern GRANT = Pattern.compile(
            "^(grant|revoke) .+? on (?:table )?(all tables in schema " + NAME + "|" + NAME + "(?:, ?" + NAME + ")*) (?:to|from) ");
    /**
     * A GRANT without ON grants membership in roles (GRANT ... ON grants privileges, also on schemas or functions);
     * CREATE and ALTER ROLE set a role's attributes. Object: the role created or altered.
     */
    private static final Pattern ROLE = Pattern.compile("^(?:grant (?:(?! on ).)+ to |(?:create|alter) (?:role|user|group) " + NAME + ")");
    private static final Pattern DML = Pattern.compile("^(insert into|update|delete from|merge into) (?:only )?" + NAME);
    private static final Pattern TRIGGER = Pattern.compile("^create (?:or replace )?(?:constraint )?trigger \\S+ .*? on " + NAME);
    private static final Pattern ON_TABLE = Pattern.compile("^(?:drop (?:trigger|rule)|create (?:or replace )?rule) (?:if exists )?" + NAME
            + " (?:on|as on \\w+ to) (?:only )?" + NAME);
    private static final Pattern COMMENT = Pattern.compile("^comment on (table|column) " + NAME);
    private static final Pattern LOCK_TIMEOUT = Pattern.compile("^(set (local |session )?lock_timeout|reset (lock_timeout|all)"
            + "|select (.*\\b)?set_config\\('lock_timeout')");
    private static final Pattern SETTING = Pattern.compile("^(?:set (?:local |session )?|reset )(?:" + NAME + ")");
    private static final Pattern TRUNCATE = Pattern.compile("^truncate (?:table )?(?:only )?(.+?)( restart identity| continue identity)?"
            + "( cascade| restrict)?$");
    private static final Pattern LOCK_TABLE = Pattern.compile("^lock (?:table )?(?:only )?(.+?)(?: in (.+) mode)?( nowait)?$");
    private static final Pattern VACUUM = Pattern.compile("^(?:vacuum|analyze|analyse)(?: \\(([^)]*)\\)| (full|freeze|verbose|analyze))*(?: (.+))?$");
    private static final Pattern CLUSTER = Pattern.compile("^cluster(?: \\([^)]*\\))?(?: verbose)?(?: " + NAME + "(?: using " + NAME
            + "| on " + NAME + ")?)?$");
    private static final Pattern REINDEX = Pattern.compile("^reindex(?: \\(([^)]*)\\))? (index|table|schema|database|system)( concurrently)?(?: " + NAME + ")?$");
    private static final Pattern REFRESH = Pattern.compile("^refresh materialized view( concurrently)? " + NAME);
    private static final Pattern ALTER_INDEX = Pattern.compile("^alter index (?:if exists )?" + NAME + " (.*)$");
    private static final Pattern DOMAIN = Pattern.compile("^(?:create|alter) domain " + NAME + "(.*)$");
    private static final Pattern DROP = Pattern.compile("^drop (?:(?:materialized |foreign )?\\w+|text search \\w+|event trigger|access method"
            + "|user mapping|operator \\w+) (?:concurrently )?(?:if exists )?" + NAME);
    private static final Pattern FUNCTION = Pattern.compile("^create (?:or replace )?(?:function|procedure) " + NAME);
    private static final Pattern STATISTICS = Pattern.compile("^create statistics .* from " + NAME);

    private StatementActions() {
    }

    /** Every action of {@code statement}, one statement as PostgreSQL's lexer splits it. */
    static List<Action> of(SqlStatements.Statement statement) {
        try {
            return read(statement);
        } catch (UnrecognisedForm e) {
            return unrecognised(statement.normalized());
        }
    }

    private static List<Action> read(SqlStatements.Statement statement) {
        String text = statement.normalized();
        String command = StatementCommand.of(statement);
        Matcher m;
        switch (command) {
            case "create index" -> {
                m = matched(CREATE_INDEX, text);
                boolean concurrently = m.group(2) != null;
                return List.of(new Action(ActionKind.CREATE_INDEX, table(m.group(5)), m.group(4) == null ? null : name(m.group(4)), text,
                        concurrently ? TableLock.SHARE_UPDATE_EXCLUSIVE : TableLock.SHARE, Cost.SCAN));
            }
            case "drop index" -> {
                m = matched(DROP_INDEX, text);
                TableLock lock = m.group(1) != null ? TableLock.SHARE_UPDATE_EXCLUSIVE : TableLock.ACCESS_EXCLUSIVE;
                return SqlText.splitTopLevel(m.group(3)).stream()
                        .map(index -> new Action(ActionKind.DROP_INDEX, null, name(index), text, lock, Cost.NONE)).toList();
            }
            case "create table" -> {
                if ((m = CREATE_TABLE.matcher(text)).find()) {
                    return List.of(new Action(ActionKind.CREATE_TABLE, table(m.group(2)), null, text, null, Cost.NONE));
                }
                return unrecognised(text); // CREATE TABLE AS, CREATE TABLE ... OF type, PARTITION OF: read by no rule
            }
            case "drop table" -> {
                m = matched(DROP_TABLE, text);
                return SqlText.splitTopLevel(m.group(2)).stream()
                        .map(t -> new Action(ActionKind.DROP_TABLE, table(t), null, text, TableLock.ACCESS_EXCLUSIVE, Cost.NONE)).toList();
            }
            case "alter table" -> {
                m = matched(ALTER_TABLE, text);
                String table = table(m.group(3));
                List<Action> actions = new ArrayList<>();
                for (String clause : SqlText.splitTopLevel(m.group(4))) {
                    Action action = AlterTableClauses.action(table, clause);
                    actions.add(action);
                    if (action.kind() == ActionKind.ADD_COLUMN) {
                        actions.addAll(AlterTableClauses.inlineConstraints(table, clause));
                    }
                }
                return actions;
            }
            case "create policy", "alter policy", "drop policy" -> {
                m = matched(POLICY, text);
                ActionKind kind = switch (command) {
                    case "create policy" -> ActionKind.CREATE_POLICY;
                    case "alter policy" -> ActionKind.ALTER_POLICY;
                    default -> ActionKind.DROP_POLICY;
                };
                return List.of(new Action(kind, table(m.group(3)), name(m.group(2)), text, TableLock.ACCESS_EXCLUSIVE, Cost.NONE));
            }
            case "grant", "revoke" -> {
                if ((m = GRANT.matcher(text)).find()) {
                    ActionKind kind = command.equals("grant") ? ActionKind.GRANT : ActionKind.REVOKE;
                    if (m.group(2).startsWith("all tables in schema ")) {
                        return List.of(new Action(kind, null, null, text, null, Cost.NONE)); // every table: none to name
                    }
                    return SqlText.splitTopLevel(m.group(2)).stream().map(t -> new Action(kind, table(t), null, text, null, Cost.NONE)).toList();
                }
                if ((m = ROLE.matcher(text)).find()) {
                    return List.of(new Action(ActionKind.ROLE, null, null, text, null, Cost.NONE));
                }
                return other(text); // on a schema, a function, a sequence, a database
            }
            case "create role", "create user", "create group", "alter role", "alter user", "alter group" -> {
                m = matched(ROLE, text);
                return List.of(new Action(ActionKind.ROLE, null, name(m.group(1)), text, null, Cost.NONE));
            }
            case "insert", "update", "delete", "merge" -> {
                m = matched(DML, text);
                ActionKind kind = switch (command) {
                    case "insert" -> ActionKind.INSERT;
                    case "delete" -> ActionKind.DELETE;
                    default -> ActionKind.UPDATE;
                };
                return List.of(new Action(kind, table(m.group(2)), null, text, TableLock.ROW_EXCLUSIVE,
                        kind == ActionKind.INSERT ? Cost.NONE : Cost.SCAN));
            }
            case "create trigger" -> {
                m = matched(TRIGGER, text);
                return List.of(new Action(ActionKind.CREATE_TRIGGER, table(m.group(1)), null, text, TableLock.SHARE_ROW_EXCLUSIVE, Cost.NONE));
            }
            case "drop trigger", "drop rule", "create rule" -> {
                m = matched(ON_TABLE, text);
                return List.of(new Action(command.equals("drop trigger") ? ActionKind.DROP_OBJECT : ActionKind.OTHER_ALTER, table(m.group(2)),
                        name(m.group(1)), text, TableLock.ACCESS_EXCLUSIVE, Cost.NONE));
            }
            case "comment" -> {
                if ((m = COMMENT.matcher(text)).find()) {
                    String target = m.group(2);
                    String table = m.group(1).equals("table") ? table(target) : table(target.substring(0, target.lastIndexOf('.')));
                    return List.of(new Action(ActionKind.COMMENT, table, null, text, TableLock.SHARE_UPDATE_EXCLUSIVE, Cost.NONE));
                }
                return other(text);
            }
            // The locks PostgreSQL documents for these (explicit locking, TRUNCATE, VACUUM, CLUSTER, REINDEX): the
            // report must not call them lock-free.
            case "truncate" -> {
                m = matched(TRUNCATE, text);
                return SqlText.splitTopLevel(m.group(1)).stream()
                        .map(t -> new Action(ActionKind.TRUNCATE, table(t), null, text, TableLock.ACCESS_EXCLUSIVE, Cost.NONE)).toList();
            }
            case "lock" -> {
                m = matched(LOCK_TABLE, text);
                String mode = m.group(2) == null ? "access exclusive" : m.group(2);
                TableLock lock = Arrays.stream(TableLock.values()).filter(l -> l.label().equalsIgnoreCase(mode)).findFirst()
                        .orElse(TableLock.ACCESS_EXCLUSIVE);
                return SqlText.splitTopLevel(m.group(1)).stream()
                        .map(t -> new Action(ActionKind.LOCK_TABLE, table(t), null, text, lock, Cost.NONE)).toList();
            }
            case "vacuum", "analyze", "analyse" -> {
                if (!(m = VACUUM.matcher(text)).find()) {
                    return unrecognised(text);
                }
                boolean full = command.equals("vacuum") && (" " + text.replace('(', ' ').replace(',', ' ') + " ").matches(".* full (?!false|off|0).*");
                ActionKind kind = full ? ActionKind.VACUUM_FULL : ActionKind.VACUUM;
                TableLock lock = full ? TableLock.ACCESS_EXCLUSIVE : TableLock.SHARE_UPDATE_EXCLUSIVE;
                Cost cost = full ? Cost.REWRITE : Cost.SCAN;
                if (m.group(3) == null) {
                    return List.of(new Action(kind, null, null, text, lock, cost));
                }
                return SqlText.splitTopLevel(m.group(3)).stream()
                        .map(t -> new Action(kind, table(t.replaceFirst(" ?\\(.*$", "")), null, text, lock, cost)).toList();
            }
            case "cluster" -> {
                m = matched(CLUSTER, text);
                // CLUSTER table USING index, or the older CLUSTER index ON table
                String table = m.group(3) != null ? m.group(3) : m.group(1);
                String index = m.group(3) != null ? m.group(1) : m.group(2);
                return List.of(new Action(ActionKind.CLUSTER, table == null ? null : table(table), index == null ? null : name(index), text,
                        TableLock.ACCESS_EXCLUSIVE, Cost.REWRITE));
            }
            case "reindex" -> {
                m = matched(REINDEX, text);
                boolean concurrently = m.group(3) != null || m.group(1) != null && m.group(1).matches("(.*, ?)?concurrently( true| on)?(,.*)?");
                TableLock lock = concurrently ? TableLock.SHARE_UPDATE_EXCLUSIVE : TableLock.SHARE;
                String target = m.group(4) == null ? null : name(m.group(4));
                return List.of(switch (m.group(2)) {
                    case "index" -> new Action(ActionKind.REINDEX, null, target, text, lock, Cost.SCAN);
                    case "table" -> new Action(ActionKind.REINDEX, target, null, text, lock, Cost.SCAN);
                    default -> new Action(ActionKind.REINDEX, null, null, text, lock, Cost.SCAN);
                });
            }
            case "refresh materialized view" -> {
                m = matched(REFRESH, text);
                return List.of(new Action(ActionKind.OTHER, table(m.group(2)), null, text,
                        m.group(1) != null ? TableLock.EXCLUSIVE : TableLock.ACCESS_EXCLUSIVE, Cost.REWRITE));
            }
            case "alter index" -> {
                m = matched(ALTER_INDEX, text);
                String rest = m.group(2);
                boolean light = rest.startsWith("rename ") || rest.matches("^(set|reset) ?\\(.*") || rest.matches("^alter (column )?\\S+ set statistics .*");
                boolean moves = rest.startsWith("set tablespace ");
                return List.of(new Action(ActionKind.ALTER_INDEX, null, name(m.group(1)), text,
                        light ? TableLock.SHARE_UPDATE_EXCLUSIVE : TableLock.ACCESS_EXCLUSIVE, moves ? Cost.REWRITE : Cost.NONE));
            }
            case "create domain", "alter domain" -> {
                m = matched(DOMAIN, text);
                if (command.equals("create domain")) {
                    return List.of(new Action(ActionKind.CREATE_DOMAIN, null, name(m.group(1)), text, null, Cost.NONE));
                }
                // adding a validated constraint, VALIDATE and SET NOT NULL read every column of the type under SHARE
                boolean scans = m.group(2).matches("^ (add (constraint \\S+ )?(check|not null).*|validate constraint .*|set not null)$")
                        && !m.group(2).endsWith(" not valid");
                return List.of(new Action(ActionKind.ALTER_DOMAIN, null, name(m.group(1)), text, scans ? TableLock.SHARE : null,
                        scans ? Cost.SCAN : Cost.NONE));
            }
            case "drop database" -> {
                return List.of(new Action(ActionKind.DROP_DATABASE, null, dropped(text), text, null, Cost.NONE));
            }
            case "drop schema" -> {
                return List.of(new Action(ActionKind.DROP_SCHEMA, null, dropped(text), text, null, Cost.NONE));
            }
            case "create function", "create procedure" -> {
                m = matched(FUNCTION, text);
                return List.of(new Action(ActionKind.CREATE_FUNCTION, null, name(m.group(1)), text, null, Cost.NONE));
            }
            case "create statistics" -> {
                m = matched(STATISTICS, text);
                return List.of(new Action(ActionKind.OTHER, table(m.group(1)), null, text, TableLock.SHARE_UPDATE_EXCLUSIVE, Cost.NONE));
            }
            case "set", "reset", "select" -> {
                if (LOCK_TIMEOUT.matcher(text).find()) {
                    return List.of(new Action(ActionKind.LOCK_TIMEOUT, null, null, text, null, Cost.NONE));
                }
                if (!command.equals("select") && (m = SETTING.matcher(text)).find()) {
                    return List.of(new Action(ActionKind.SETTING, null, name(m.group(1)), text, null, Cost.NONE));
                }
                return other(text);
            }
            case "begin", "start transaction", "commit", "end", "rollback", "abort", "savepoint", "release", "prepare transaction" -> {
                return List.of(new Action(ActionKind.TRANSACTION_CONTROL, null, command, text, null, Cost.NONE));
            }
            default -> {
                if (command.startsWith("drop ")) {
                    m = matched(DROP, text);
                    return List.of(new Action(ActionKind.DROP_OBJECT, null, name(m.group(1)), text, null, Cost.NONE));
                }
                return StatementCommand.RECOGNISED.contains(command) ? other(text) : unrecognised(text);
            }
        }
    }

    /** A statement the review knows to lock no table worth reporting: a function, a sequence, a setting, a query. */
    private static List<Action> other(String text) {
        return List.of(new Action(ActionKind.OTHER, null, null, text, null, Cost.NONE));
    }

    private static List<Action> unrecognised(String text) {
        return List.of(new Action(ActionKind.UNRECOGNISED, null, null, text, null, Cost.NONE));
    }

    /** The match of a pattern that the statement's command guarantees; a form it does not cover is unrecognised. */
    private static Matcher matched(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new UnrecognisedForm();
        }
        return m;
    }

    /** Thrown by {@link #matched} and caught by {@link #of}: the statement is then one action of kind UNRECOGNISED. */
    private static final class UnrecognisedForm extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnrecognisedForm() {
            super(null, null, false, false);
        }
    }

    private static String dropped(String text) {
        Matcher m = DROP.matcher(text);
        return m.find() ? name(m.group(1)) : null;
    }

    private static String table(String name) {
        return SqlText.unqualified(name.trim());
    }
}
