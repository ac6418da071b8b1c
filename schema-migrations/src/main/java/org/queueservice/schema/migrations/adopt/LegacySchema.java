package org.queueservice.schema.migrations.adopt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.queueservice.schema.migrations.MigrationFailure;
import org.queueservice.schema.migrations.OnlineDdl;
import org.queueservice.schema.migrations.catalog.SchemaCatalog;
import org.queueservice.schema.model.SchemaModel;
import org.queueservice.schema.model.TableConstraint;
import org.queueservice.schema.model.TableDefinition;
import org.queueservice.schema.model.TenantIsolation;
import org.queueservice.schema.model.UpdatedAtTrigger;

/**
 * What the database is, decided from its catalog: built by the original Knex migration,
 * adopted half-way by an interrupted run, or something adopt must refuse. The legacy objects it knows are
 * named as Knex names them: {@code <table>_tenant_id_foreign}, global uniques {@code <table>_<column>_unique},
 * plain indexes {@code <table>_<columns>_index}, the policy {@code tenant_isolation_policy}, rate_limiters
 * keyed by service_name without an id. Anything else that is not the model's is an unknown difference.
 * There is no separate progress marker: a run leaves the objects of the model behind it (the first is a
 * table comment, which the original never set), and those are what make a database half-adopted.
 */
final class LegacySchema {

    static final String KNEX_HISTORY = "knex_migrations_queue";
    static final String KNEX_LOCK = "knex_migrations_queue_lock";
    static final String LEGACY_POLICY = "tenant_isolation_policy";

    /** Where the database stands when adopt may go on. */
    enum State {
        KNEX_BUILT("built by the original Knex migration"),
        HALF_ADOPTED("adopted half-way by an earlier run, which this one continues");

        final String description;

        State(String description) {
            this.description = description;
        }
    }

    private LegacySchema() {
    }

    /** The state, or a refusal naming why adopt does not apply; {@code historyPresent}: Flyway's history exists. */
    static State recognise(String database, SchemaCatalog live, SchemaModel model, SchemaCatalog expected, boolean historyPresent) {
        boolean knex = live.tables().containsKey(KNEX_HISTORY);
        boolean anyQueueTable = model.tables().stream().anyMatch(t -> live.tables().containsKey(t.tableName()));
        if (!knex) {
            throw new MigrationFailure("adopt refused: " + database + (historyPresent
                    ? " is managed by queue-schema already (it has Flyway's history and no " + KNEX_HISTORY + "); use migrate."
                    : anyQueueTable
                    ? " is not a queue database built by the original Knex migration (it has queue tables but no " + KNEX_HISTORY + ")."
                    : " holds no queue tables and no " + KNEX_HISTORY + ": nothing to adopt; use migrate to create the schema.")
                    + " Nothing was changed.");
        }
        List<String> unknown = unknownDifferences(live, model, expected);
        if (!unknown.isEmpty()) {
            throw new MigrationFailure("adopt refused: " + database + " differs from the schema of the original Knex migration "
                    + "in ways adopt does not know: " + String.join("; ", unknown) + ". Nothing was changed.");
        }
        return historyPresent || progressed(live, model) ? State.HALF_ADOPTED : State.KNEX_BUILT;
    }

    private static boolean progressed(SchemaCatalog live, SchemaModel model) {
        for (TableDefinition table : model.tables()) {
            SchemaCatalog.Table t = live.tables().get(table.tableName());
            // The first unit on each table sets its comment; the original had none.
            // Not FORCE: an operator may have forced row-level security on the original's tables.
            if (t.comment() != null || t.policies().stream().anyMatch(p -> p.name().equals(TenantIsolation.tenantPolicy(table.name()).last()))
                    || !t.triggers().isEmpty() || t.constraint(table.foreignKeyName()).isPresent()
                    || table.indexes().stream().anyMatch(i -> t.index(i.name().last()).isPresent())
                    || table.constraints().stream().anyMatch(c -> t.constraint(c.name().last()).isPresent() || t.index(c.name().last()).isPresent())) {
                return true;
            }
        }
        return false;
    }

    private static List<String> unknownDifferences(SchemaCatalog live, SchemaModel model, SchemaCatalog expected) {
        List<String> unknown = new ArrayList<>();
        for (TableDefinition table : model.tables()) {
            String name = table.tableName();
            SchemaCatalog.Table t = live.tables().get(name);
            if (t == null) {
                unknown.add("table " + name + " is missing");
                continue;
            }
            SchemaCatalog.Table want = expected.tables().get(name);
            for (SchemaCatalog.Column column : t.columns()) {
                Optional<SchemaCatalog.Column> wanted = want.column(column.name());
                if (wanted.isEmpty()) {
                    unknown.add("column " + name + "." + column.name() + " is not in the original schema");
                } else if (!wanted.get().type().equals(column.type())) {
                    unknown.add("column " + name + "." + column.name() + " is " + column.type() + ", the original's is "
                            + wanted.get().type());
                } else if (column.notNull() && !wanted.get().notNull()) {
                    // The conversion only ever adds NOT NULL: kept, it would leave a schema unlike a fresh migration's.
                    unknown.add("column " + name + "." + column.name() + " is NOT NULL, the original's allows NULL");
                }
            }
            for (SchemaCatalog.Column column : want.columns()) {
                // The one column the original lacks: rate_limiters was keyed by service_name.
                if (t.column(column.name()).isEmpty() && !column.name().equals(TableDefinition.ID.getName())) {
                    unknown.add("column " + name + "." + column.name() + " is missing");
                }
            }
            for (SchemaCatalog.Constraint constraint : t.constraints()) {
                Optional<String> required = requiredDefinition(table, t, constraint.name());
                if (!knownConstraint(table, constraint.name())) {
                    unknown.add("constraint " + name + "." + constraint.name() + " is not the original's");
                } else if (required.isPresent() && !constraint.definition().replaceFirst(" NOT VALID$", "").equals(required.get())) {
                    unknown.add("constraint " + name + "." + constraint.name() + " is `" + constraint.definition() + "`, "
                            + (constraint.name().endsWith("_foreign") ? "the original's is `" : "adopt gives that name to `")
                            + required.get() + "`");
                }
            }
            for (SchemaCatalog.Index index : t.indexes()) {
                if (!index.ofConstraint() && !isLegacyIndex(table, index) && table.index(index.name()).isEmpty()
                        && !index.name().equals(ConversionPlan.newPrimaryKeyIndex(table))
                        && table.constraints().stream().noneMatch(c -> c.name().last().equals(index.name()))) {
                    unknown.add("index " + index.name() + " on " + name + " is not the original's");
                }
            }
            for (SchemaCatalog.Policy policy : t.policies()) {
                if (!policy.name().equals(LEGACY_POLICY) && !policy.name().equals(TenantIsolation.tenantPolicy(table.name()).last())
                        && !policy.name().equals(TenantIsolation.maintenancePolicy(table.name()).last())) {
                    unknown.add("policy " + policy.name() + " on " + name + " is not the original's");
                }
            }
            String trigger = UpdatedAtTrigger.triggerName(table.name()).last();
            for (String definition : t.triggers()) {
                if (!definition.startsWith("CREATE TRIGGER " + trigger + " ")) {
                    unknown.add("trigger " + definition.replaceFirst("^CREATE TRIGGER (\\S+) .*$", "$1") + " on " + name
                            + " is not the original's");
                }
            }
        }
        return unknown;
    }

    private static boolean knownConstraint(TableDefinition table, String constraint) {
        return constraint.equals(table.primaryKeyName()) || constraint.equals(table.foreignKeyName())
                || constraint.equals(legacyForeignKey(table))
                || table.constraint(constraint).isPresent()
                || legacyUniques(table).contains(constraint)
                || table.columns().stream().anyMatch(c -> OnlineDdl.notNullCheck(table.name(), c.getUnqualifiedName()).last().equals(constraint));
    }

    /**
     * The definition a constraint must have under a name that the conversion keeps as it finds it: the tenant
     * foreign key (the original's, which is renamed, and the model's) and the NOT NULL checks adopt adds and drops.
     * Compared by definition, not name: a global unique that an operator named like one of these would
     * otherwise survive the conversion and tell one tenant another's keys through its unique violation.
     * Empty for the names whose constraint the conversion replaces (primary key, the original's global
     * uniques) or the preflight compares (the model's own).
     */
    private static Optional<String> requiredDefinition(TableDefinition table, SchemaCatalog.Table live, String constraint) {
        if (constraint.equals(table.foreignKeyName()) || constraint.equals(legacyForeignKey(table))) {
            return Optional.of(ExpectedSchema.TENANT_FOREIGN_KEY);
        }
        return live.columns().stream()
                .filter(c -> OnlineDdl.notNullCheck(table.name(), org.jooq.impl.DSL.name(c.name())).last().equals(constraint))
                .findFirst().map(c -> "CHECK ((" + c.quotedName() + " IS NOT NULL))");
    }

    static String legacyForeignKey(TableDefinition table) {
        return table.tableName() + "_tenant_id_foreign";
    }

    /** Knex's global unique on each column the model makes unique per tenant: {@code <table>_<column>_unique}. */
    static List<String> legacyUniques(TableDefinition table) {
        return table.constraints().stream()
                .filter(c -> c instanceof TableConstraint.Unique u && u.columns().size() == 2
                        && u.columns().get(0).last().equals(TableDefinition.TENANT_ID.getName()))
                .map(c -> table.tableName() + "_" + ((TableConstraint.Unique) c).columns().get(1).last() + "_unique")
                .toList();
    }

    /**
     * A plain index as Knex makes it, named {@code <table>_<columns>_index} after the columns it has: the model
     * has its own, these go at the end. The name alone is not enough: a partial, expression or non-btree
     * index that borrows Knex's naming is someone's own and would be dropped unnoticed.
     */
    static boolean isLegacyIndex(TableDefinition table, SchemaCatalog.Index index) {
        return !index.ofConstraint() && !index.unique() && index.predicate() == null
                && index.definition().contains(" USING btree (")
                && index.name().equals(table.tableName() + "_" + String.join("_", index.keys()) + "_index");
    }
}
