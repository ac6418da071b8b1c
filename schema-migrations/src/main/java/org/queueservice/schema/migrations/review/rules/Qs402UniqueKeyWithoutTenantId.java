package org.queueservice.schema.migrations.review.rules;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@Rule(code = "QS402", severity = Severity.ERROR, title = "Unique key of a tenant table without tenant_id",
        explanation = "Citus 13.2 enforces a unique key of a distributed table shard by shard, so it refuses one that does not hold "
                + "the distribution column: a PRIMARY KEY or UNIQUE constraint fails with `cannot create constraint` / `Distributed "
                + "relations cannot have UNIQUE, EXCLUDE, or PRIMARY KEY constraints that do not include the partition column`, a "
                + "unique index with `creating unique indexes on non-partition columns is currently unsupported` (both SQLSTATE "
                + "0A000; INCLUDE (tenant_id) or an expression of it does not count), and a new table with such a key cannot be "
                + "distributed, but for one whose key only INCLUDEs tenant_id: create_distributed_table takes it, and the key is "
                + "then unique within each shard only (measured: six tenants' rows with the same id went in). Every tenant table "
                + "is distributed by tenant_id.",
        safeAlternative = "Lead the key with tenant_id, as every primary key since V4 is `(tenant_id, id)`: "
                + "`UNIQUE (tenant_id, code)`, `CREATE UNIQUE INDEX CONCURRENTLY ... ON t (tenant_id, code)`.")
final class Qs402UniqueKeyWithoutTenantId implements HazardRule {

    private static final Pattern TABLE_KEY = Pattern.compile("^(?:constraint " + Action.NAME + " )?(primary key|unique)\\b");
    private static final Pattern ADD_KEY = Pattern.compile("^add (?:constraint " + Action.NAME + " )?(primary key|unique)\\b");
    private static final Pattern ADD_COLUMN = Pattern.compile("^add (?:column )?(?:if not exists )?" + Action.NAME);
    private static final Pattern UNIQUE_INDEX = Pattern.compile("^create unique index (?:concurrently )?(?:if not exists )?(?:"
            + Action.NAME + " )?on (?:only )?" + Action.NAME + "(?: using \\w+)? ?\\(");
    private static final Pattern COLUMN_NAME = Pattern.compile("^" + Action.NAME);
    /** A key element that is the column itself, perhaps with a collation, an operator class or an order. */
    private static final Pattern DISTRIBUTION_ELEMENT = Pattern.compile("^" + CitusTables.DISTRIBUTION_COLUMN + "(?: .*)?$");

    @Override
    public List<Finding> find(ReviewContext context) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        for (StatementAction a : context.actions(ActionKind.CREATE_TABLE, ActionKind.ADD_UNIQUE, ActionKind.CREATE_INDEX)) {
            Action action = a.action();
            if (action.table() == null || action.kind() == ActionKind.CREATE_TABLE && !context.creates(action)
                    || !CitusTables.distributed(context, action.table(), a.statement())) {
                continue;
            }
            for (String key : keysWithoutDistributionColumn(action)) {
                findings.add(a.finding(key + " of " + action.table() + " does not hold " + CitusTables.DISTRIBUTION_COLUMN
                        + ": Citus refuses it on a table distributed by " + CitusTables.DISTRIBUTION_COLUMN));
            }
        }
        return findings;
    }

    /** The unique keys the action creates that lack tenant_id, each described as the finding names it. */
    private static List<String> keysWithoutDistributionColumn(Action action) {
        List<String> keys = new ArrayList<>();
        Matcher m;
        switch (action.kind()) {
            case CREATE_TABLE -> {
                for (String element : CreateTableElements.of(action)) {
                    if ((m = TABLE_KEY.matcher(element)).find()) {
                        List<String> columns = keyColumns(element.substring(m.end()));
                        if (!holdsDistributionColumn(columns)) {
                            keys.add(describe(m.group(2), m.group(1) == null ? null : Action.name(m.group(1)), columns));
                        }
                    } else {
                        inlineKey(element).ifPresent(keys::add);
                    }
                }
            }
            case ADD_UNIQUE -> {
                if ((m = ADD_KEY.matcher(action.clause())).find()) {
                    List<String> columns = keyColumns(action.clause().substring(m.end()));
                    if (!holdsDistributionColumn(columns)) {
                        keys.add(describe(m.group(2), m.group(1) == null ? null : Action.name(m.group(1)), columns));
                    }
                } else if (!action.clause().matches("^add (constraint|exclude)\\b.*") && (m = ADD_COLUMN.matcher(action.clause())).find()) {
                    inlineKey(action.clause().substring(m.start(1))).ifPresent(keys::add);
                }
            }
            case CREATE_INDEX -> {
                if ((m = UNIQUE_INDEX.matcher(action.clause())).find()) {
                    int open = m.end() - 1;
                    List<String> columns = SqlText.splitTopLevel(action.clause().substring(open + 1, SqlText.closing(action.clause(), open) - 1));
                    if (!holdsDistributionColumn(columns)) {
                        keys.add("unique index " + (action.object() == null ? "" : action.object() + " ") + "(" + String.join(", ", columns) + ")");
                    }
                }
            }
            default -> {
            }
        }
        return keys;
    }

    /**
     * The key a column definition declares inline ({@code code text unique}, {@code id uuid primary key}): its one
     * column, which holds tenant_id only when it is tenant_id itself.
     */
    private static Optional<String> inlineKey(String definition) {
        List<String> words = SqlText.topLevelWords(definition);
        Matcher named = COLUMN_NAME.matcher(definition);
        if (!named.find()) {
            return Optional.empty();
        }
        String column = Action.name(named.group(1));
        boolean primary = words.contains("primary");
        if (column.equals(CitusTables.DISTRIBUTION_COLUMN) || !primary && !words.contains("unique")) {
            return Optional.empty();
        }
        return Optional.of(describe(primary ? "primary key" : "unique", null, List.of(column)));
    }

    /** The columns of the parenthesized list a key's text starts with, after NULLS [NOT] DISTINCT if written. */
    private static List<String> keyColumns(String rest) {
        int open = rest.indexOf('(');
        return open < 0 ? List.of() : SqlText.splitTopLevel(rest.substring(open + 1, SqlText.closing(rest, open) - 1));
    }

    private static boolean holdsDistributionColumn(List<String> columns) {
        return columns.stream().anyMatch(c -> DISTRIBUTION_ELEMENT.matcher(c).matches());
    }

    private static String describe(String kind, String name, List<String> columns) {
        return (kind.equals("unique") ? "unique constraint" : kind) + (name == null ? "" : " " + name) + " (" + String.join(", ", columns) + ")";
    }
}
