package org.queueservice.schema.migrations.repair;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jooq.Name;
import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.OnlineDdl;
import org.queueservice.schema.migrations.catalog.SchemaCatalog;
import org.queueservice.schema.migrations.internal.LockRetry;
import org.queueservice.schema.migrations.internal.StepRunner;
import org.queueservice.schema.model.SchemaStep;
import org.queueservice.schema.model.SqlRenderer;

/**
 * What restores each object the version has and the live database lacks or has otherwise, in its online form,
 * and the run of those restorations, each on its own under the lock timeout.
 */
final class Restorations {

    /** An object of the version that the live database lacks or has otherwise, and the steps that restore it. */
    record Restoration(String object, String definition, List<SchemaStep> steps) {
        @Override
        public String toString() {
            return object + ": " + definition;
        }
    }

    private Restorations() {
    }

    /** Runs each restoration on its own, retried after lock timeouts; one that fails for good is named, the rest go on. */
    static void restore(Connection connection, List<Restoration> restorations, Duration lockTimeout,
                                List<String> restored, List<String> notRestored) throws SQLException {
        for (Restoration restoration : restorations) {
            try {
                LockRetry.run(() -> StepRunner.runEachCommitted(connection, restoration.steps(), lockTimeout));
                restored.add(restoration.toString());
            } catch (StepRunner.StepFailedException e) {
                notRestored.add(restoration.object() + ": " + e.getMessage());
            }
        }
    }

    /**
     * What restores each object {@code expected} has and {@code live} lacks or has otherwise, on the tables
     * {@code live} has; what cannot be restored online goes to {@code cannot}, with the reason. Objects only
     * the live database has are left alone: review's drift check names them.
     */
    static List<Restoration> find(Connection connection, SchemaCatalog live, SchemaCatalog expected,
                                                  List<String> cannot) throws SQLException {
        List<Restoration> restorations = new ArrayList<>();
        Map<String, String> objects = expected.objects();
        for (SchemaCatalog.Table want : expected.tables().values()) {
            SchemaCatalog.Table have = live.tables().get(want.name());
            if (have == null) {
                continue;
            }
            Name table = DSL.name(want.name());
            for (SchemaCatalog.Column column : want.columns()) {
                String object = "column " + want.name() + "." + column.name();
                Optional<SchemaCatalog.Column> found = have.column(column.name());
                if (found.isEmpty()) {
                    cannot.add(object + ": dropped, and its values with it; add it back by hand");
                } else if (!found.get().type().equals(column.type())) {
                    cannot.add(object + ": is " + found.get().type() + ", the version has " + column.type()
                            + "; changing a type rewrites the table, do it by hand");
                } else {
                    columnRestorations(table, object, column, found.get(), objects.get(object)).forEach(restorations::add);
                }
            }
            for (SchemaCatalog.Constraint constraint : want.constraints()) {
                String object = "constraint " + want.name() + "." + constraint.name();
                Optional<SchemaCatalog.Constraint> found = have.constraint(constraint.name());
                if (found.isPresent() && !found.get().definition().equals(constraint.definition())
                        && !found.get().definition().equals(asRestored(connection, want.name(), constraint))) {
                    cannot.add(object + ": defined as `" + found.get().definition() + "`, the version has `"
                            + constraint.definition() + "`; drop it by hand and run repair again");
                } else if (found.isEmpty() || constraint.validated() && !found.get().validated()) {
                    constraintRestoration(want, table, constraint, found.isPresent(), object, cannot).ifPresent(restorations::add);
                }
            }
            for (SchemaCatalog.Index index : want.indexes()) {
                String object = "index " + want.name() + "." + index.name();
                Optional<SchemaCatalog.Index> found = have.index(index.name());
                if (index.ofConstraint()) {
                    continue; // built with its constraint
                }
                if (found.isPresent() && !found.get().definition().equals(index.definition())) {
                    cannot.add(object + ": defined as `" + found.get().definition() + "`, the version has `"
                            + index.definition() + "`; drop it by hand and run repair again");
                } else if (found.isEmpty() || !found.get().valid()) {
                    restorations.add(new Restoration(object, index.definition(), List.of(OnlineDdl.dropIfInvalid(DSL.name(index.name())),
                            SchemaStep.of("create index " + index.name() + " concurrently", DSL.query(concurrently(index.definition())))
                                    .inAutocommit())));
                }
            }
            for (String trigger : want.triggers()) {
                String name = trigger.replaceFirst("^CREATE TRIGGER (\\S+) .*$", "$1");
                String object = "trigger " + want.name() + "." + name;
                if (!have.triggers().contains(trigger)) {
                    if (have.triggers().stream().anyMatch(t -> t.startsWith("CREATE TRIGGER " + name + " "))) {
                        cannot.add(object + ": defined otherwise; drop it by hand and run repair again");
                    } else {
                        restorations.add(new Restoration(object, trigger, List.of(SchemaStep.of("create trigger " + name,
                                DSL.query(trigger.replaceFirst(";$", ""))))));
                    }
                }
            }
            if (want.rowSecurity() && !have.rowSecurity()) {
                restorations.add(new Restoration("row-level security " + want.name(), "enabled",
                        List.of(SchemaStep.of("enable row level security on " + want.name(),
                                DSL.query("alter table {0} enable row level security", table)))));
            }
            if (want.forceRowSecurity() && !have.forceRowSecurity()) {
                restorations.add(new Restoration("forced row-level security " + want.name(), "forced",
                        List.of(SchemaStep.of("force row level security on " + want.name(),
                                DSL.query("alter table {0} force row level security", table)))));
            }
            for (SchemaCatalog.Policy policy : want.policies()) {
                if (!have.policies().contains(policy)) {
                    // dropped and created in one transaction: no moment without the policy
                    restorations.add(new Restoration("policy " + want.name() + "." + policy.name(), policy.definition(),
                            List.of(SchemaStep.of("policy " + policy.name() + " on " + want.name(),
                                    DSL.query("drop policy if exists {0} on {1}", DSL.name(policy.name()), table),
                                    DSL.query(policy.definition().replaceFirst(";$", ""))))));
                }
            }
            for (String grant : want.grants()) {
                if (!have.grants().contains(grant)) {
                    String grantee = SchemaCatalog.grantee(grant);
                    // As a name: quoted "public" is PUBLIC to PostgreSQL's grammar, like the keyword.
                    restorations.add(new Restoration("grant " + want.name() + " " + grantee, grant,
                            List.of(SchemaStep.of("grants on " + want.name() + " to " + grantee,
                                    DSL.query("revoke all on {0} from {1}", table, DSL.name(grantee)), DSL.query(grant.replaceFirst(";$", ""))))));
                }
            }
            for (SchemaCatalog.Comment comment : want.comments()) {
                if (!have.comments().contains(comment)) {
                    restorations.add(new Restoration("comment", comment.statement(),
                            List.of(SchemaStep.of("comment", DSL.query(comment.statement().replaceFirst(";$", ""))))));
                }
            }
        }
        for (String function : expected.functions()) {
            if (!live.functions().contains(function)) {
                String name = function.replaceFirst("(?s)^CREATE OR REPLACE FUNCTION (\\S+?)\\(.*$", "$1");
                restorations.add(new Restoration("function " + name, "as the version defines it",
                        List.of(SchemaStep.of("function " + name, DSL.query(function.replaceFirst(";\\s*$", ""))))));
            }
        }
        return restorations;
    }

    /** A default set or dropped (catalog only), NOT NULL behind a validated CHECK, as the version has them. */
    private static List<Restoration> columnRestorations(Name table, String object, SchemaCatalog.Column want,
                                                        SchemaCatalog.Column have, String definition) {
        List<Restoration> restorations = new ArrayList<>();
        Name column = DSL.name(want.name());
        if (!Objects.equals(want.defaultExpression(), have.defaultExpression())) {
            restorations.add(new Restoration(object + " default", definition, List.of(SchemaStep.of("default of " + object,
                    want.defaultExpression() == null ? DSL.query("alter table {0} alter column {1} drop default", table, column)
                            : DSL.query("alter table {0} alter column {1} set default " + want.defaultExpression(), table, column)))));
        }
        if (want.notNull() && !have.notNull()) {
            Name check = OnlineDdl.notNullCheck(table, column);
            restorations.add(new Restoration(object + " not null", definition, List.of(
                    OnlineDdl.addCheckNotValid(table, check, OnlineDdl.isNotNull(column)),
                    OnlineDdl.validate(table, check),
                    SchemaStep.of("set not null " + object, DSL.query("alter table {0} alter column {1} set not null", table, column)),
                    SchemaStep.of("drop the helper check", DSL.query("alter table {0} drop constraint if exists {1}", table, check)))));
        } else if (!want.notNull() && have.notNull()) {
            restorations.add(new Restoration(object + " nullable", definition, List.of(SchemaStep.of("drop not null " + object,
                    DSL.query("alter table {0} alter column {1} drop not null", table, column)))));
        }
        return restorations;
    }

    /**
     * A CHECK or foreign key added NOT VALID (brief lock) and validated apart (a scan that lets writes go on);
     * a unique or primary key from an index built concurrently.
     */
    private static Optional<Restoration> constraintRestoration(SchemaCatalog.Table want, Name table, SchemaCatalog.Constraint constraint,
                                                               boolean present, String object, List<String> cannot) {
        Name name = DSL.name(constraint.name());
        SchemaStep validate = OnlineDdl.validate(table, name);
        String definition = constraint.definition();
        return switch (constraint.type()) {
            case "c", "f" -> Optional.of(new Restoration(object, definition, present ? List.of(validate) : List.of(
                    SchemaStep.onlyIf(OnlineDdl.absent(table, name), "add constraint " + constraint.name() + " not valid",
                            DSL.query("alter table {0} add constraint {1} " + definition + " not valid", table, name)),
                    validate)));
            case "u", "p" -> want.index(constraint.name()).map(index -> new Restoration(object, definition, List.of(
                    OnlineDdl.dropIfInvalid(name),
                    SchemaStep.of("create unique index " + constraint.name() + " concurrently",
                            DSL.query(concurrently(index.definition()))).inAutocommit(),
                    SchemaStep.onlyIf(OnlineDdl.absent(table, name), "add constraint " + constraint.name() + " using its index",
                            DSL.query("alter table {0} add constraint {1} " + (constraint.type().equals("p") ? "primary key" : "unique")
                                    + " using index {1}", table, name)))));
            default -> {
                cannot.add(object + ": " + definition + " cannot be restored online; add it by hand");
                yield Optional.empty();
            }
        };
    }

    /**
     * How PostgreSQL reports {@code constraint} once repair has added it from its reported definition: a
     * CHECK's expression parsed again may print otherwise ({@code ANY (ARRAY[...])} casts move) and means the
     * same. Worked out on an empty temporary copy of the table, in a transaction rolled back.
     */
    private static String asRestored(Connection connection, String table, SchemaCatalog.Constraint constraint) throws SQLException {
        if (!constraint.type().equals("c")) {
            return constraint.definition();
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute(SqlRenderer.render(DSL.query("create temporary table {0} (like {1}) on commit drop",
                    DSL.name("repair_check"), DSL.name(table))));
            statement.execute(SqlRenderer.render(DSL.query("alter table {0} add constraint {1} " + constraint.definition(),
                    DSL.name("repair_check"), DSL.name(constraint.name()))));
            return SchemaCatalog.readTemporary(connection).tables().get("repair_check").constraint(constraint.name())
                    .orElseThrow().definition();
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
    }

    /** PostgreSQL's {@code CREATE [UNIQUE] INDEX name ON ...} in its concurrent, idempotent form. */
    private static String concurrently(String definition) {
        return definition.replaceFirst("^CREATE (UNIQUE )?INDEX ", "CREATE $1INDEX CONCURRENTLY IF NOT EXISTS ");
    }
}
