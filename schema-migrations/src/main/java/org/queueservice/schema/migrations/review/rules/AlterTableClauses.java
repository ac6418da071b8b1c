package org.queueservice.schema.migrations.review.rules;

import static org.queueservice.schema.migrations.review.rules.Action.NAME;
import static org.queueservice.schema.migrations.review.rules.Action.name;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.queueservice.schema.migrations.internal.TableLock;

/**
 * One clause of an ALTER TABLE read into its {@link Action}: the lock PostgreSQL documents for it and what it
 * does to the rows, and for an ADD COLUMN the constraints written into it.
 */
final class AlterTableClauses {

    /**
     * The storage parameters whose change takes SHARE UPDATE EXCLUSIVE (PostgreSQL's ALTER TABLE documentation:
     * fillfactor, toast and autovacuum parameters, parallel_workers); any other takes ACCESS EXCLUSIVE.
     */
    private static final Pattern LIGHT_STORAGE_PARAMETER = Pattern.compile(
            "(?:toast\\.)?(?:fillfactor|toast_tuple_target|parallel_workers|vacuum_\\w+|autovacuum_\\w+|log_autovacuum_min_duration)");

    private AlterTableClauses() {
    }

    static Action action(String table, String clause) {
        Matcher m;
        TableLock exclusive = TableLock.ACCESS_EXCLUSIVE;
        if ((m = Pattern.compile("^rename to " + NAME).matcher(clause)).find()) {
            return new Action(ActionKind.RENAME_TABLE, table, name(m.group(1)), clause, exclusive, Cost.NONE);
        }
        if (clause.startsWith("rename constraint ")) {
            return new Action(ActionKind.OTHER_ALTER, table, null, clause, exclusive, Cost.NONE);
        }
        if ((m = Pattern.compile("^rename (?:column )?" + NAME + " to").matcher(clause)).find()) {
            return new Action(ActionKind.RENAME_COLUMN, table, name(m.group(1)), clause, exclusive, Cost.NONE);
        }
        if ((m = Pattern.compile("^add (?:constraint " + NAME + " )?(check|foreign key|unique|primary key|exclude)\\b").matcher(clause)).find()) {
            String constraint = m.group(1) == null ? null : name(m.group(1));
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
            Optional<String> defaultValue = ColumnDefinition.defaultOf(clause);
            boolean rewrites = defaultValue.isPresent() && ColumnDefinition.volatileDefault(defaultValue.get()) || ColumnDefinition.generatedStored(clause);
            return new Action(ActionKind.ADD_COLUMN, table, name(m.group(1)), clause, exclusive, rewrites ? Cost.REWRITE : Cost.NONE);
        }
        if ((m = Pattern.compile("^validate constraint " + NAME).matcher(clause)).find()) {
            return new Action(ActionKind.VALIDATE_CONSTRAINT, table, name(m.group(1)), clause, TableLock.SHARE_UPDATE_EXCLUSIVE, Cost.SCAN);
        }
        if ((m = Pattern.compile("^drop constraint (?:if exists )?" + NAME).matcher(clause)).find()) {
            return new Action(ActionKind.DROP_CONSTRAINT, table, name(m.group(1)), clause, exclusive, Cost.NONE);
        }
        if ((m = Pattern.compile("^drop (?:column )?(?:if exists )?" + NAME).matcher(clause)).find()) {
            return new Action(ActionKind.DROP_COLUMN, table, name(m.group(1)), clause, exclusive, Cost.NONE);
        }
        // COLUMN is reserved, so after ALTER it is the keyword, never the name; the possessive ?+ keeps the
        // pattern from backtracking to read "alter column type set not null" (jobs.type) as a type change.
        if ((m = Pattern.compile("^alter (?:column )?+" + NAME + " (?:set data )?type ").matcher(clause)).find()) {
            return new Action(ActionKind.ALTER_TYPE, table, name(m.group(1)), clause, exclusive,
                    widensPossibly(clause) ? Cost.REWRITE_UNLESS_WIDENING : Cost.REWRITE);
        }
        if ((m = Pattern.compile("^alter (?:column )?+" + NAME + " (set not null|drop not null|set default|drop default)").matcher(clause)).find()) {
            ActionKind kind = switch (m.group(2)) {
                case "set not null" -> ActionKind.SET_NOT_NULL;
                case "drop not null" -> ActionKind.DROP_NOT_NULL;
                default -> ActionKind.SET_DEFAULT;
            };
            return new Action(kind, table, name(m.group(1)), clause, exclusive, kind == ActionKind.SET_NOT_NULL ? Cost.SCAN : Cost.NONE);
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
            return new Action(ActionKind.OWNER, table, name(m.group(1)), clause, exclusive, Cost.NONE);
        }
        if ((m = Pattern.compile("^(enable|disable)(?: replica| always)? trigger " + NAME).matcher(clause)).find()) {
            return new Action(m.group(1).equals("enable") ? ActionKind.ENABLE_TRIGGER : ActionKind.DISABLE_TRIGGER, table, name(m.group(2)),
                    clause, TableLock.SHARE_ROW_EXCLUSIVE, Cost.NONE);
        }
        if (clause.equals("set logged") || clause.equals("set unlogged")) {
            return new Action(ActionKind.SET_LOGGED, table, clause.substring(4), clause, exclusive, Cost.REWRITE);
        }
        if ((m = Pattern.compile("^detach partition " + NAME + "( concurrently| finalize)?$").matcher(clause)).find()) {
            return new Action(ActionKind.DETACH_PARTITION, table, name(m.group(1)), clause,
                    m.group(2) == null ? exclusive : TableLock.SHARE_UPDATE_EXCLUSIVE, Cost.NONE);
        }
        if (clause.startsWith("attach partition ")) { // the new partition is scanned unless a CHECK proves its bound
            return new Action(ActionKind.OTHER_ALTER, table, null, clause, TableLock.SHARE_UPDATE_EXCLUSIVE, Cost.SCAN);
        }
        if ((m = Pattern.compile("^(?:set|reset) ?\\((.*)\\)$").matcher(clause)).find()) {
            boolean light = SqlText.splitTopLevel(m.group(1)).stream()
                    .allMatch(parameter -> LIGHT_STORAGE_PARAMETER.matcher(parameter.replaceFirst(" ?=.*$", "")).matches());
            return new Action(ActionKind.OTHER_ALTER, table, null, clause, light ? TableLock.SHARE_UPDATE_EXCLUSIVE : exclusive, Cost.NONE);
        }
        if (clause.matches("^alter (column )?+\\S+ (set statistics .*|(set|reset) ?\\(.*)$")
                || clause.startsWith("cluster on ") || clause.equals("set without cluster")) {
            return new Action(ActionKind.OTHER_ALTER, table, null, clause, TableLock.SHARE_UPDATE_EXCLUSIVE, Cost.NONE);
        }
        if (clause.startsWith("set tablespace ") || clause.startsWith("set access method ")) {
            return new Action(ActionKind.OTHER_ALTER, table, null, clause, exclusive, Cost.REWRITE);
        }
        return new Action(ActionKind.OTHER_ALTER, table, null, clause, exclusive, Cost.NONE);
    }

    /**
     * The constraints written into an ADD COLUMN: PostgreSQL builds or checks each over every existing row within the
     * ADD's ACCESS EXCLUSIVE, as the same constraint added on its own would, and NOT VALID cannot be written there.
     */
    static List<Action> inlineConstraints(String table, String clause) {
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

    /** A type change to varchar, text or numeric: binary compatible when it widens the old type. */
    private static boolean widensPossibly(String clause) {
        return Pattern.compile(" type (varchar|character varying|text|numeric|decimal)\\b").matcher(clause).find()
                && !clause.contains(" using ");
    }
}
