package org.queueservice.schema.migrations.generate;

import static org.queueservice.schema.migrations.generate.JavaDsl.name;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.QOM;
import org.queueservice.schema.migrations.catalog.SchemaCatalog;
import org.queueservice.schema.migrations.generate.ModelChange.Statement;
import org.queueservice.schema.migrations.internal.LockNote;

/**
 * Columns that are added, dropped or changed on an existing table, each in the form that keeps a large,
 * busy table usable: no NOT NULL column without a constant default, SET NOT NULL only behind a validated
 * CHECK, and every rewrite said out loud.
 */
final class ColumnChanges {

    private static final Pattern VARCHAR = Pattern.compile("character varying(?:\\((\\d+)\\))?");
    private static final Pattern NUMERIC = Pattern.compile("numeric\\((\\d+),(\\d+)\\)");

    private ColumnChanges() {
    }

    static ModelChange add(String table, Field<?> column, String comment) {
        String where = table + "." + column.getName();
        DataType<?> type = column.getDataType();
        if (!type.nullable() && !type.defaulted()) {
            throw new RefusedChange(where + " is NOT NULL without a default: every existing row would break it. Give it a "
                    + "constant default, or add it nullable, backfill it in a hand-written migration, and make it NOT NULL in the next");
        }
        if (type.defaulted() && type.default_() instanceof QOM.Uuid) {
            throw new RefusedChange(where + " defaults to gen_random_uuid(), a volatile function: adding it would rewrite "
                    + table + " under ACCESS EXCLUSIVE. Add it without a default, backfill it in batches by hand, then set the default");
        }
        String t = name(DSL.name(table));
        String add = "alterTable(" + t + ").addColumnIfNotExists(" + JavaDsl.column(column) + ")"
                + (comment == null ? "" : ",\n                        " + TableSource.columnComment(DSL.name(table), column.getName(), comment));
        String lost = type.defaulted() ? JavaDsl.expression(type.default_()) : "null";
        return ModelChange.of("add column " + where,
                List.of(new Statement(LockNote.BRIEF.on(table) + (type.defaulted()
                        ? " (PostgreSQL 11 and later keep a non-volatile default in the catalog)" : ""),
                        "SchemaStep.of(\"add column " + where + "\", " + add + ")")),
                List.of(new Statement(LockNote.BRIEF.on(table) + ": the column is only marked dropped",
                        "SchemaStep.of(\"drop column " + where + "\", alterTable(" + t + ").dropColumnIfExists("
                                + name(DSL.name(column.getName())) + ").restrict())"
                                + ".losing(DataAtRisk.valuesOf(" + t + ", " + name(DSL.name(column.getName())) + ", " + lost + "))")));
    }

    static ModelChange drop(String table, SchemaCatalog.Column column) {
        String where = table + "." + column.name();
        String t = name(DSL.name(table));
        String restore = "alterTable(" + t + ").addColumnIfNotExists(" + restored(column) + ")"
                + (column.comment() == null ? ""
                : ",\n                        " + TableSource.columnComment(DSL.name(table), column.name(), column.comment()));
        return new ModelChange("drop column " + where + " and its values",
                List.of(new Statement(LockNote.BRIEF.on(table) + ": the column is only marked dropped",
                        "SchemaStep.of(\"drop column " + where + "\", alterTable(" + t + ").dropColumnIfExists("
                                + name(DSL.name(column.name())) + ").restrict())")),
                List.of(new Statement(LockNote.BRIEF.on(table) + "; the values are gone"
                        + (column.notNull() && column.defaultExpression() == null ? ", so it comes back nullable" : ""),
                        "SchemaStep.of(\"add column " + where + "\", " + restore + ")")),
                true, false, null);
    }

    /**
     * A column as it was, for a down step: NOT NULL only where a default gives existing rows a value (a
     * dropped column's values cannot come back).
     */
    static String restored(SchemaCatalog.Column column) {
        StringBuilder type = new StringBuilder(JavaDsl.catalogType(column.type()));
        if (column.notNull() && column.defaultExpression() != null) {
            type.append(".notNull()");
        }
        if (column.defaultExpression() != null) {
            type.append(".defaultValue(").append(JavaDsl.catalogDefault(column.defaultExpression(), column.type())).append(')');
        }
        return "field(" + name(DSL.name(column.name())) + ", " + type + ")";
    }

    static List<ModelChange> alter(String table, Field<?> column, SchemaCatalog.Column before, SchemaCatalog.Column after) {
        String where = table + "." + column.getName();
        String t = name(DSL.name(table));
        String c = "alterTable(" + t + ").alterColumn(" + name(DSL.name(column.getName())) + ")";
        List<ModelChange> changes = new ArrayList<>();
        if (!before.type().equals(after.type())) {
            changes.add(retype(table, where, c, column.getDataType(), before.type(), after.type()));
        }
        if (!Objects.equals(before.defaultExpression(), after.defaultExpression())) {
            DataType<?> type = column.getDataType();
            String set = type.defaulted() ? c + ".setDefault(" + JavaDsl.expression(type.default_()) + ")" : c + ".dropDefault()";
            String back = before.defaultExpression() == null ? c + ".dropDefault()"
                    : c + ".setDefault(" + JavaDsl.catalogDefault(before.defaultExpression(), before.type()) + ")";
            changes.add(ModelChange.of("default of " + where,
                    List.of(new Statement(LockNote.CATALOG_ONLY.on(table) + "; existing rows keep their values",
                            "SchemaStep.of(\"default of " + where + "\", " + set + ")")),
                    List.of(new Statement(LockNote.CATALOG_ONLY.on(table), "SchemaStep.of(\"default of " + where + "\", " + back + ")"))));
        }
        if (before.notNull() != after.notNull()) {
            List<Statement> setNotNull = setNotNull(table, column.getName());
            Statement dropNotNull = new Statement(LockNote.CATALOG_ONLY.on(table),
                    "SchemaStep.of(\"drop not null " + where + "\", " + c + ".dropNotNull())");
            // the helper CHECK too: an up path stopped before its last step leaves it behind
            changes.add(after.notNull()
                    ? ModelChange.of("set not null " + where, setNotNull, List.of(dropNotNull, dropHelperCheck(table, column.getName())))
                            .asOnline()
                    : ModelChange.of("drop not null " + where, List.of(dropNotNull), setNotNull).asOnline());
        }
        if (!Objects.equals(before.comment(), after.comment())) {
            changes.add(ModelChange.of("comment on column " + where,
                    List.of(new Statement("catalog only", "SchemaStep.of(\"comment on column " + where + "\", "
                            + TableSource.columnComment(DSL.name(table), column.getName(), after.comment()) + ")")),
                    List.of(new Statement("catalog only", "SchemaStep.of(\"comment on column " + where + "\", "
                            + TableSource.columnComment(DSL.name(table), column.getName(), before.comment()) + ")"))));
        }
        return changes;
    }

    /**
     * SET NOT NULL scans the whole table under ACCESS EXCLUSIVE, unless a validated CHECK already proves
     * the column has no NULL. So: the CHECK NOT VALID (brief), VALIDATE (a scan that lets writes go on),
     * SET NOT NULL (brief, skips its scan), and the CHECK dropped again.
     */
    static List<Statement> setNotNull(String table, String column) {
        String t = name(DSL.name(table));
        String col = name(DSL.name(column));
        String check = "OnlineDdl.notNullCheck(" + t + ", " + col + ")";
        return List.of(
                new Statement(LockNote.NOT_VALID.on(table), "OnlineDdl.addCheckNotValid(" + t + ", " + check + ", OnlineDdl.isNotNull(" + col + "))"),
                new Statement(LockNote.VALIDATE.on(table), "OnlineDdl.validate(" + t + ", " + check + ")"),
                new Statement(LockNote.BRIEF.on(table) + ": the validated CHECK spares SET NOT NULL its scan",
                        "SchemaStep.of(\"set not null " + table + "." + column + "\", alterTable(" + t + ").alterColumn(" + col + ").setNotNull())"),
                dropHelperCheck(table, column));
    }

    private static Statement dropHelperCheck(String table, String column) {
        return new Statement(LockNote.BRIEF.on(table), "SchemaStep.of(\"drop the helper check\", alterTable(" + name(DSL.name(table))
                + ").dropConstraintIfExists(OnlineDdl.notNullCheck(" + name(DSL.name(table)) + ", " + name(DSL.name(column)) + ")))");
    }

    private static ModelChange retype(String table, String where, String alter, DataType<?> type, String from, String to) {
        String up = "SchemaStep.of(\"type of " + where + " to " + to + "\", " + alter + ".set(" + JavaDsl.baseType(type) + "))";
        String down = "SchemaStep.of(\"type of " + where + " back to " + from + "\", " + alter + ".set(" + JavaDsl.catalogType(from) + "))";
        // a down step that narrows counts, before it runs, the values that would not come back unchanged
        String guardedDown = down + ".losing(DataAtRisk.valuesNotFitting(" + name(DSL.name(table)) + ", "
                + name(DSL.name(where.substring(where.indexOf('.') + 1))) + ", " + JavaDsl.catalogType(from) + "))";
        String rewrite = LockNote.REWRITE.on(table);
        return switch (compare(from, to)) {
            case WIDER -> ModelChange.of("widen " + where + " from " + from + " to " + to,
                    List.of(new Statement(LockNote.BRIEF.on(table) + " (a binary-compatible widening)", up)),
                    List.of(new Statement(rewrite + "; refused unless forced if a value would change or no longer fit", guardedDown)));
            case NARROWER -> new ModelChange("narrow " + where + " from " + from + " to " + to,
                    List.of(new Statement(rewrite + "; fails, changing nothing, if a value does not fit", up)),
                    List.of(new Statement(LockNote.BRIEF.on(table) + " (a binary-compatible widening)", down)),
                    true, false, "rewrites " + table + " to narrow " + where);
            case OTHER -> ModelChange.of("type of " + where + " from " + from + " to " + to,
                    List.of(new Statement(rewrite, up)),
                    List.of(new Statement(rewrite + "; refused unless forced if a value would change or no longer fit", guardedDown)))
                    .rewriting("rewrites " + table + " to change the type of " + where);
        };
    }

    enum Direction { WIDER, NARROWER, OTHER }

    /** Whether {@code to} holds every value of {@code from} without a rewrite, the reverse, or neither. */
    static Direction compare(String from, String to) {
        Matcher a = VARCHAR.matcher(from);
        Matcher b = VARCHAR.matcher(to);
        if (a.matches() && (b.matches() || to.equals("text"))) {
            long x = a.group(1) == null ? Long.MAX_VALUE : Long.parseLong(a.group(1));
            long y = !b.matches() || b.group(1) == null ? Long.MAX_VALUE : Long.parseLong(b.group(1));
            return y >= x ? Direction.WIDER : Direction.NARROWER;
        }
        if (from.equals("text") && b.matches()) {
            return b.group(1) == null ? Direction.WIDER : Direction.NARROWER;
        }
        Matcher p = NUMERIC.matcher(from);
        Matcher q = NUMERIC.matcher(to);
        if (p.matches() && q.matches() && p.group(2).equals(q.group(2))) {
            return Integer.parseInt(q.group(1)) >= Integer.parseInt(p.group(1)) ? Direction.WIDER : Direction.NARROWER;
        }
        List<String> integers = List.of("smallint", "integer", "bigint");
        if (integers.contains(from) && integers.contains(to)) {
            return integers.indexOf(to) > integers.indexOf(from) ? Direction.OTHER : Direction.NARROWER;
        }
        return Direction.OTHER;
    }
}
