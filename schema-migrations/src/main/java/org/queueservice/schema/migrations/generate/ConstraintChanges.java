package org.queueservice.schema.migrations.generate;

import static org.queueservice.schema.migrations.generate.JavaDsl.name;

import java.util.List;

import org.jooq.Name;
import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.catalog.SchemaCatalog;
import org.queueservice.schema.migrations.generate.ModelChange.Statement;
import org.queueservice.schema.migrations.internal.LockNote;
import org.queueservice.schema.model.TableConstraint;

/**
 * CHECK and unique constraints added to or dropped from an existing table. A CHECK is added NOT VALID and
 * validated apart; a unique constraint is built as a unique index CONCURRENTLY and then attached. Both are
 * data-dependent: validation, or the unique build, fails on rows that break them, and the version stops
 * there with nothing half-done that a re-run would not finish.
 */
final class ConstraintChanges {

    private ConstraintChanges() {
    }

    static ModelChange add(String table, TableConstraint constraint) {
        String what = "add constraint " + table + "." + constraint.name().last();
        String drop = dropStep(table, constraint.name());
        if (constraint instanceof TableConstraint.Unique unique) {
            return ModelChange.of(what, addUnique(table, unique.name(), JavaDsl.names(unique.columns())),
                    List.of(new Statement(LockNote.BRIEF.on(table) + "; drops the constraint's index with it", drop),
                            new Statement(LockNote.CONCURRENT_DROP.on(table) + "; the index alone, if a build stopped before "
                                    + "it became the constraint", "OnlineDdl.dropIndex(" + name(unique.name()) + ")"))).asOnline();
        }
        TableConstraint.Check check = (TableConstraint.Check) constraint;
        return ModelChange.of(what, addCheck(table, check.name().last(), JavaDsl.condition(check.condition())),
                List.of(new Statement(LockNote.BRIEF.on(table), drop))).asOnline();
    }

    static ModelChange drop(String table, SchemaCatalog.Constraint constraint, ReleasedSql released) {
        String what = "drop constraint " + table + "." + constraint.name();
        List<Statement> up = List.of(new Statement(LockNote.BRIEF.on(table), dropStep(table, DSL.name(constraint.name()))));
        return switch (constraint.type()) {
            case "u" -> ModelChange.of(what, up, addUnique(table, DSL.name(constraint.name()), JavaDsl.columnNames(constraint.columns()))).asOnline();
            case "c" -> ModelChange.of(what, up, addCheck(table, constraint.name(), checkCondition(constraint, released))).asOnline();
            default -> throw new UnsupportedChange(what + " (" + constraint.definition() + ")");
        };
    }

    /**
     * The condition of a released CHECK as jOOQ DSL: from the SQL that created it, or else as PostgreSQL
     * prints it ({@code CHECK ((priority >= 0))}).
     */
    static String checkCondition(SchemaCatalog.Constraint check, ReleasedSql released) {
        return JavaDsl.catalogCondition(released.checkCondition(check.name())
                .orElse(check.definition().replaceFirst("^CHECK ", "").replaceFirst(" NOT VALID$", "")));
    }

    private static String dropStep(String table, Name constraint) {
        return "SchemaStep.of(\"drop constraint " + constraint.last() + "\", alterTable(" + name(DSL.name(table))
                + ").dropConstraintIfExists(" + name(constraint) + "))";
    }

    private static List<Statement> addCheck(String table, String constraint, String condition) {
        String t = name(DSL.name(table));
        String c = name(DSL.name(constraint));
        return List.of(
                new Statement(LockNote.NOT_VALID.on(table), "OnlineDdl.addCheckNotValid(" + t + ", " + c + ", " + condition + ")"),
                new Statement(LockNote.VALIDATE.on(table), "OnlineDdl.validate(" + t + ", " + c + ")"));
    }

    private static List<Statement> addUnique(String table, Name constraint, String columns) {
        String t = name(DSL.name(table));
        String c = name(constraint);
        return List.of(
                new Statement("ACCESS EXCLUSIVE on the index alone, if an interrupted build left it INVALID",
                        "OnlineDdl.dropIfInvalid(" + c + ")"),
                new Statement(LockNote.CONCURRENT_BUILD.on(table) + "; fails on duplicate rows",
                        "OnlineDdl.createUniqueIndex(" + c + ", " + t + ", List.of(" + columns + "))"),
                new Statement(LockNote.BRIEF.on(table) + ": the index is already built and checked",
                        "OnlineDdl.addUniqueUsingIndex(" + t + ", " + c + ")"));
    }
}
