package org.queueservice.schema.migrations.review.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.queueservice.schema.migrations.internal.TableLock;

/**
 * One thing a statement does to one table: its kind, the object it names (column, index, constraint,
 * policy), the lock it takes and what it does to the rows, read from the statement's text in
 * {@link SqlText#normalize normal form}. An ALTER TABLE with several actions gives one each.
 *
 * @param table the table it locks, or null when it locks none (a role, a setting) or names only an index
 * @param clause the normalized text of this action, which rules read for details
 * @param lock the lock it takes on {@code table}, or null for none worth reporting
 */
public record Action(ActionKind kind, String table, String object, String clause, TableLock lock, Cost cost) {

    private static final String NAME = "([\\w$.]+)";
    private static final Pattern CREATE_INDEX = Pattern.compile(
            "^create (unique )?index (concurrently )?(if not exists )?(?:([\\w$.]+) )?on (?:only )?" + NAME);
    private static final Pattern DROP_INDEX = Pattern.compile("^drop index (concurrently )?(if exists )?(.+?)( cascade| restrict)?$");
    private static final Pattern CREATE_TABLE = Pattern.compile("^create (?:unlogged )?table (if not exists )?" + NAME);
    private static final Pattern DROP_TABLE = Pattern.compile("^drop table (if exists )?(.+?)( cascade| restrict)?$");
    private static final Pattern ALTER_TABLE = Pattern.compile("^alter table (if exists )?(only )?" + NAME + " (.*)$");
    private static final Pattern POLICY = Pattern.compile("^(create|alter|drop) policy (?:if exists )?" + NAME + " on " + NAME);
    private static final Pattern GRANT = Pattern.compile(
            "^(grant|revoke) .+? on (?:table )?(all tables in schema " + NAME + "|" + NAME + "(?:, ?" + NAME + ")*) (?:to|from) ");
    /**
     * A GRANT without ON grants membership in roles (GRANT ... ON grants privileges, also on schemas or functions);
     * CREATE and ALTER ROLE set a role's attributes. Object: the role created or altered.
     */
    private static final Pattern ROLE = Pattern.compile("^(?:grant (?:(?! on ).)+ to |(?:create|alter) (?:role|user) ([\\w$]+)\\b)");
    private static final Pattern DML = Pattern.compile("^(insert into|update|delete from) (?:only )?" + NAME);
    private static final Pattern TRIGGER = Pattern.compile("^create (?:or replace )?(?:constraint )?trigger \\S+ .*? on " + NAME);
    private static final Pattern COMMENT = Pattern.compile("^comment on (table|column) " + NAME);
    private static final Pattern LOCK_TIMEOUT = Pattern.compile("^(set (local |session )?lock_timeout|reset (lock_timeout|all)"
            + "|select (.*\\b)?set_config\\('lock_timeout')");
    private static final Pattern TRUNCATE = Pattern.compile("^truncate (?:table )?(?:only )?(.+?)( restart identity| continue identity)?"
            + "( cascade| restrict)?$");
    private static final Pattern LOCK_TABLE = Pattern.compile("^lock (?:table )?(?:only )?(.+?)(?: in (.+) mode)?( nowait)?$");
    private static final Pattern MAINTENANCE = Pattern.compile("^(vacuum \\(?full\\b[^)]*\\)?|cluster(?: verbose)?|reindex "
            + "(?:\\([^)]*\\) )?table( concurrently)?) " + NAME + "(?: using [\\w$.]+)?$");
    /** A serial or identity column: its default is nextval() of its own sequence, volatile though no DEFAULT is written. */
    private static final Pattern SEQUENCE_DEFAULT = Pattern.compile("^add (?:column )?(?:if not exists )?[\\w$.]+ "
            + "(?:smallserial|serial|bigserial|serial2|serial4|serial8)\\b|\\bgenerated (?:always|by default) as identity\\b");
    /** A stored generated column: PostgreSQL computes it for every existing row, whatever its expression. */
    private static final Pattern STORED_GENERATED = Pattern.compile("\\bgenerated always as \\(.*\\) stored\\b");
    private static final Pattern VOLATILE = Pattern.compile(
            "\\b(gen_random_uuid|uuid_generate_v\\w*|random|clock_timestamp|timeofday|nextval|txid_current)\\(");

    /** Every action of {@code sql}, a statement as rendered for PostgreSQL. */
    public static List<Action> of(String sql) {
        String text = SqlText.normalize(sql);
        Matcher m;
        if ((m = CREATE_INDEX.matcher(text)).find()) {
            boolean concurrently = m.group(2) != null;
            return List.of(new Action(ActionKind.CREATE_INDEX, table(m.group(5)), m.group(4), text,
                    concurrently ? TableLock.SHARE_UPDATE_EXCLUSIVE : TableLock.SHARE, Cost.SCAN));
        }
        if ((m = DROP_INDEX.matcher(text)).find()) {
            TableLock lock = m.group(1) != null ? TableLock.SHARE_UPDATE_EXCLUSIVE : TableLock.ACCESS_EXCLUSIVE;
            return SqlText.splitTopLevel(m.group(3)).stream()
                    .map(index -> new Action(ActionKind.DROP_INDEX, null, SqlText.unqualified(index), text, lock, Cost.NONE)).toList();
        }
        if ((m = CREATE_TABLE.matcher(text)).find()) {
            return List.of(new Action(ActionKind.CREATE_TABLE, table(m.group(2)), null, text, null, Cost.NONE));
        }
        if ((m = DROP_TABLE.matcher(text)).find()) {
            return SqlText.splitTopLevel(m.group(2)).stream()
                    .map(t -> new Action(ActionKind.DROP_TABLE, table(t), null, text, TableLock.ACCESS_EXCLUSIVE, Cost.NONE)).toList();
        }
        if ((m = ALTER_TABLE.matcher(text)).find()) {
            String table = table(m.group(3));
            List<Action> actions = new ArrayList<>();
            for (String clause : SqlText.splitTopLevel(m.group(4))) {
                Action action = alterTable(table, clause);
                actions.add(action);
                if (action.kind() == ActionKind.ADD_COLUMN) {
                    actions.addAll(inlineConstraints(table, clause));
                }
            }
            return actions;
        }
        if ((m = POLICY.matcher(text)).find()) {
            ActionKind kind = switch (m.group(1)) {
                case "create" -> ActionKind.CREATE_POLICY;
                case "alter" -> ActionKind.ALTER_POLICY;
                default -> ActionKind.DROP_POLICY;
            };
            return List.of(new Action(kind, table(m.group(3)), SqlText.unqualified(m.group(2)), text, TableLock.ACCESS_EXCLUSIVE, Cost.NONE));
        }
        if ((m = GRANT.matcher(text)).find()) {
            ActionKind kind = m.group(1).equals("grant") ? ActionKind.GRANT : ActionKind.REVOKE;
            if (m.group(2).startsWith("all tables in schema ")) {
                return List.of(new Action(kind, null, null, text, null, Cost.NONE)); // every table: none to name
            }
            return SqlText.splitTopLevel(m.group(2)).stream().map(t -> new Action(kind, table(t), null, text, null, Cost.NONE)).toList();
        }
        if ((m = ROLE.matcher(text)).find()) {
            return List.of(new Action(ActionKind.ROLE, null, m.group(1), text, null, Cost.NONE));
        }
        if ((m = DML.matcher(text)).find()) {
            ActionKind kind = switch (m.group(1)) {
                case "insert into" -> ActionKind.INSERT;
                case "update" -> ActionKind.UPDATE;
                default -> ActionKind.DELETE;
            };
            return List.of(new Action(kind, table(m.group(2)), null, text, TableLock.ROW_EXCLUSIVE,
                    kind == ActionKind.INSERT ? Cost.NONE : Cost.SCAN));
        }
        if ((m = TRIGGER.matcher(text)).find()) {
            return List.of(new Action(ActionKind.CREATE_TRIGGER, table(m.group(1)), null, text, TableLock.SHARE_ROW_EXCLUSIVE, Cost.NONE));
        }
        if ((m = COMMENT.matcher(text)).find()) {
            String target = m.group(2);
            String table = m.group(1).equals("table") ? table(target) : table(target.substring(0, target.lastIndexOf('.')));
            return List.of(new Action(ActionKind.COMMENT, table, null, text, TableLock.SHARE_UPDATE_EXCLUSIVE, Cost.NONE));
        }
        // The locks PostgreSQL documents for these (explicit locking, TRUNCATE, VACUUM FULL, CLUSTER, REINDEX): the
        // report must not call them lock-free. LOCK TABLE in a mode the review does not model is left as OTHER.
        if ((m = TRUNCATE.matcher(text)).find()) {
            return SqlText.splitTopLevel(m.group(1)).stream()
                    .map(t -> new Action(ActionKind.TRUNCATE, table(t), null, text, TableLock.ACCESS_EXCLUSIVE, Cost.NONE)).toList();
        }
        if ((m = LOCK_TABLE.matcher(text)).find()) {
            String mode = m.group(2) == null ? "access exclusive" : m.group(2);
            TableLock lock = Arrays.stream(TableLock.values()).filter(l -> l.label().equalsIgnoreCase(mode)).findFirst().orElse(null);
            if (lock != null) {
                return SqlText.splitTopLevel(m.group(1)).stream()
                        .map(t -> new Action(ActionKind.LOCK_TABLE, table(t), null, text, lock, Cost.NONE)).toList();
            }
        }
        if ((m = MAINTENANCE.matcher(text)).find()) {
            boolean reindex = m.group(1).startsWith("reindex");
            TableLock lock = !reindex ? TableLock.ACCESS_EXCLUSIVE : m.group(2) != null ? TableLock.SHARE_UPDATE_EXCLUSIVE : TableLock.SHARE;
            return List.of(new Action(ActionKind.MAINTENANCE, table(m.group(3)), null, text, lock, reindex ? Cost.SCAN : Cost.REWRITE));
        }
        if (LOCK_TIMEOUT.matcher(text).find()) {
            return List.of(new Action(ActionKind.LOCK_TIMEOUT, null, null, text, null, Cost.NONE));
        }
        return List.of(new Action(ActionKind.OTHER, null, null, text, null, Cost.NONE));
    }

    private static Action alterTable(String table, String clause) {
        Matcher m;
        TableLock exclusive = TableLock.ACCESS_EXCLUSIVE;
        if ((m = Pattern.compile("^rename to " + NAME).matcher(clause)).find()) {
            return new Action(ActionKind.RENAME_TABLE, table, SqlText.unqualified(m.group(1)), clause, exclusive, Cost.NONE);
        }
        if (clause.startsWith("rename constraint ")) {
            return new Action(ActionKind.OTHER_ALTER, table, null, clause, exclusive, Cost.NONE);
        }
        if ((m = Pattern.compile("^rename (?:column )?" + NAME + " to").matcher(clause)).find()) {
            return new Action(ActionKind.RENAME_COLUMN, table, m.group(1), clause, exclusive, Cost.NONE);
        }
        if ((m = Pattern.compile("^add (?:constraint " + NAME + " )?(check|foreign key|unique|primary key|exclude)\\b").matcher(clause)).find()) {
            String constraint = m.group(1);
            boolean notValid = clause.endsWith(" not valid");
            return switch (m.group(2)) {
                case "check" -> new Action(ActionKind.ADD_CHECK, table, constraint, clause, exclusive, notValid ? Cost.NONE : Cost.SCAN);
                case "foreign key" -> new Action(ActionKind.ADD_FOREIGN_KEY, table, constraint, clause, TableLock.SHARE_ROW_EXCLUSIVE,
                        notValid ? Cost.NONE : Cost.SCAN);
                default -> clause.contains(" using index ")
                        ? new Action(ActionKind.ADD_CONSTRAINT_USING_INDEX, table, constraint, clause, exclusive, Cost.NONE)
                        : new Action(ActionKind.ADD_UNIQUE, table, constraint, clause, exclusive, Cost.SCAN);
            };
        }
        if ((m = Pattern.compile("^add (?:column )?(?:if not exists )?" + NAME).matcher(clause)).find()) {
            Optional<String> defaultValue = defaultOf(clause);
            boolean rewrites = defaultValue.isPresent() && VOLATILE.matcher(defaultValue.get()).find() || generatedStored(clause);
            return new Action(ActionKind.ADD_COLUMN, table, m.group(1), clause, exclusive, rewrites ? Cost.REWRITE : Cost.NONE);
        }
        if ((m = Pattern.compile("^validate constraint " + NAME).matcher(clause)).find()) {
            return new Action(ActionKind.VALIDATE_CONSTRAINT, table, m.group(1), clause, TableLock.SHARE_UPDATE_EXCLUSIVE, Cost.SCAN);
        }
        if ((m = Pattern.compile("^drop constraint (?:if exists )?" + NAME).matcher(clause)).find()) {
            return new Action(ActionKind.DROP_CONSTRAINT, table, m.group(1), clause, exclusive, Cost.NONE);
        }
        if ((m = Pattern.compile("^drop (?:column )?(?:if exists )?" + NAME).matcher(clause)).find()) {
            return new Action(ActionKind.DROP_COLUMN, table, m.group(1), clause, exclusive, Cost.NONE);
        }
        // COLUMN is reserved, so after ALTER it is the keyword, never the name; the possessive ?+ keeps the
        // pattern from backtracking to read "alter column type set not null" (jobs.type) as a type change.
        if ((m = Pattern.compile("^alter (?:column )?+" + NAME + " (?:set data )?type ").matcher(clause)).find()) {
            return new Action(ActionKind.ALTER_TYPE, table, m.group(1), clause, exclusive,
                    widensPossibly(clause) ? Cost.REWRITE_UNLESS_WIDENING : Cost.REWRITE);
        }
        if ((m = Pattern.compile("^alter (?:column )?+" + NAME + " (set not null|drop not null|set default|drop default)").matcher(clause)).find()) {
            ActionKind kind = switch (m.group(2)) {
                case "set not null" -> ActionKind.SET_NOT_NULL;
                case "drop not null" -> ActionKind.DROP_NOT_NULL;
                default -> ActionKind.SET_DEFAULT;
            };
            return new Action(kind, table, m.group(1), clause, exclusive, kind == ActionKind.SET_NOT_NULL ? Cost.SCAN : Cost.NONE);
        }
        if ((m = Pattern.compile("^(enable|disable|force|no force) row level security").matcher(clause)).find()) {
            ActionKind kind = switch (m.group(1)) {
                case "enable" -> ActionKind.ENABLE_RLS;
                case "disable" -> ActionKind.DISABLE_RLS;
                case "force" -> ActionKind.FORCE_RLS;
                default -> ActionKind.NO_FORCE_RLS;
            };
            return new Action(kind, table, null, clause, exclusive, Cost.NONE);
        }
        if ((m = Pattern.compile("^owner to " + NAME).matcher(clause)).find()) {
            return new Action(ActionKind.OWNER, table, m.group(1), clause, exclusive, Cost.NONE);
        }
        return new Action(ActionKind.OTHER_ALTER, table, null, clause, exclusive, Cost.NONE);
    }

    /**
     * The constraints written into an ADD COLUMN: PostgreSQL builds or checks each over every existing row within the
     * ADD's ACCESS EXCLUSIVE, as the same constraint added on its own would, and NOT VALID cannot be written there.
     */
    private static List<Action> inlineConstraints(String table, String clause) {
        String definition = SqlText.withoutLiterals(clause); // a literal default may hold any word
        List<Action> constraints = new ArrayList<>();
        if (Pattern.compile(" (unique|primary key)\\b").matcher(definition).find()) {
            constraints.add(new Action(ActionKind.ADD_UNIQUE, table, null, clause, TableLock.ACCESS_EXCLUSIVE, Cost.SCAN));
        }
        if (definition.contains(" check (") || definition.contains(" check(")) {
            constraints.add(new Action(ActionKind.ADD_CHECK, table, null, clause, TableLock.ACCESS_EXCLUSIVE, Cost.SCAN));
        }
        if (definition.contains(" references ")) {
            constraints.add(new Action(ActionKind.ADD_FOREIGN_KEY, table, null, clause, TableLock.SHARE_ROW_EXCLUSIVE, Cost.SCAN));
        }
        return constraints;
    }

    /** The expression after DEFAULT in a column definition, up to the next constraint keyword; nextval() for serial and identity columns. */
    static Optional<String> defaultOf(String clause) {
        if (SEQUENCE_DEFAULT.matcher(clause).find()) {
            return Optional.of("nextval() of its sequence");
        }
        Matcher m = Pattern.compile("\\bdefault (.+?)(?= not null| null| constraint| check| references| unique| primary|$)").matcher(clause);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Whether an added column is NOT NULL with nothing to fill the existing rows: no default, not generated. */
    static boolean notNullWithoutValue(String clause) {
        return clause.matches(".* not null\\b.*") && defaultOf(clause).isEmpty() && !generatedStored(clause);
    }

    /** Whether the column definition is a stored generated column, which an ADD computes for every existing row. */
    static boolean generatedStored(String clause) {
        return STORED_GENERATED.matcher(SqlText.withoutLiterals(clause)).find();
    }

    /** A type change to varchar, text or numeric: binary compatible when it widens the old type. */
    private static boolean widensPossibly(String clause) {
        return Pattern.compile(" type (varchar|character varying|text|numeric|decimal)\\b").matcher(clause).find()
                && !clause.contains(" using ");
    }

    private static String table(String name) {
        return SqlText.unqualified(name.trim());
    }

    /** Whether this action holds a lock that makes the service wait, for longer than an instant when it reads rows. */
    public boolean blocksWrites() {
        return lock != null && lock.blocksWrites();
    }
}
