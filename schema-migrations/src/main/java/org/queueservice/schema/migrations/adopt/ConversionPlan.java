package org.queueservice.schema.migrations.adopt;

import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Query;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.queueservice.schema.migrations.OnlineDdl;
import org.queueservice.schema.migrations.catalog.SchemaCatalog;
import org.queueservice.schema.migrations.internal.LockNote;
import org.queueservice.schema.model.DatabaseRoles;
import org.queueservice.schema.model.SchemaModel;
import org.queueservice.schema.model.SchemaStep;
import org.queueservice.schema.model.TableConstraint;
import org.queueservice.schema.model.TableDefinition;
import org.queueservice.schema.model.TableIndex;
import org.queueservice.schema.model.TenantIsolation;
import org.queueservice.schema.model.UpdatedAtTrigger;

/**
 * The conversion, worked out from what the live catalog still lacks, so that a second run plans only what
 * the first left undone. Phases, each over every table in the model's order: roles and the trigger
 * function; FORCE lifted where it binds the adopting owner; defaults, the missing id column and comments (catalog only); NULLs to defaults in batches;
 * NOT NULL behind validated CHECKs; CHECKs NOT VALID then VALIDATE; per-tenant uniques from concurrently
 * built indexes; the primary key moved to id; the tenant foreign key renamed; the workload's indexes built
 * concurrently; the updated_at triggers; the policy swap with the revocations, one short transaction per table; then the
 * original's global uniques and plain indexes dropped.
 */
final class ConversionPlan {

    /** How SchemaCatalog names PUBLIC as a grantee. */
    private static final String PUBLIC = "public";
    /** The two roles' privileges in the model (TenantIsolation's grants), as aclexplode names them. */
    private static final Set<String> MODEL_PRIVILEGES = Set.of("DELETE", "INSERT", "SELECT", "UPDATE");

    private final SchemaCatalog live;
    private final SchemaCatalog expected;
    private final SchemaModel model;

    private ConversionPlan(SchemaCatalog live, SchemaCatalog expected, SchemaModel model) {
        this.live = live;
        this.expected = expected;
        this.model = model;
    }

    /** @param forced the tables whose FORCE ROW LEVEL SECURITY binds the adopting owner */
    static List<AdoptionStep> steps(SchemaCatalog live, SchemaCatalog expected, SchemaModel model, DatabaseRoles roles,
                                    Map<String, Map<String, Long>> nulls, List<String> forced) {
        return new ConversionPlan(live, expected, model).plan(roles, nulls, forced);
    }

    /** The index built for the new primary key on id before it replaces the original's. */
    static String newPrimaryKeyIndex(TableDefinition table) {
        return table.tableName() + "_pkey_adopted";
    }

    /** Columns NOT NULL with a default in the model that still allow NULL: their NULLs become the default. */
    static List<Field<?>> backfilled(TableDefinition table, SchemaCatalog.Table now) {
        return table.columns().stream()
                .filter(c -> !c.getDataType().nullable() && c.getDataType().defaulted())
                .filter(c -> now.column(c.getName()).map(column -> !column.notNull()).orElse(true))
                .toList();
    }

    private List<AdoptionStep> plan(DatabaseRoles roles, Map<String, Map<String, Long>> nulls, List<String> forced) {
        List<AdoptionStep> steps = new ArrayList<>();
        steps.add(AdoptionStep.Ddl.of(LockNote.NO_TABLE, "",
                TenantIsolation.createRoleIfAbsent(roles.application()),
                TenantIsolation.createRoleIfAbsent(roles.maintenance()),
                SchemaStep.of("create function " + UpdatedAtTrigger.FUNCTION.last(), UpdatedAtTrigger.createFunction())));
        each((table, now) -> {
            // Frees the owner alone (the service connects as another role, still bound) until the swap forces again.
            if (forced.contains(table.tableName()) && !isolated(table, now, roles)) {
                steps.add(new AdoptionStep.Ddl(LockNote.BRIEF.on(table.tableName()) + ": the owner's own reads and backfill see every row "
                        + "until the policy swap forces row-level security again", List.of(SchemaStep.of("no force row level security on "
                        + table.tableName(), query("alter table {0} no force row level security", table.name())))));
            }
        });
        each((table, now) -> columns(table, now, steps));
        each((table, now) -> {
            List<Field<?>> columns = backfilled(table, now);
            if (!columns.isEmpty()) {
                steps.add(new AdoptionStep.Backfill(table.name(), columns, nulls.getOrDefault(table.tableName(), Map.of())));
            }
        });
        each((table, now) -> notNull(table, now, steps));
        each((table, now) -> constraints(table, now, steps));
        each((table, now) -> primaryKey(table, now, steps));
        each((table, now) -> foreignKey(table, now, steps));
        each((table, now) -> indexes(table, now, steps));
        each((table, now) -> {
            if (now.triggers().isEmpty()) {
                steps.add(AdoptionStep.Ddl.of(LockNote.TRIGGER, table.tableName(), SchemaStep.of("create trigger "
                        + UpdatedAtTrigger.triggerName(table.name()).last(), UpdatedAtTrigger.createTrigger(table.name()))));
            }
        });
        each((table, now) -> policies(table, now, roles, steps));
        each((table, now) -> dropOriginals(table, now, steps));
        return steps;
    }

    private void each(BiConsumer<TableDefinition, SchemaCatalog.Table> phase) {
        for (TableDefinition table : model.tables()) {
            phase.accept(table, live.tables().get(table.tableName()));
        }
    }

    private void columns(TableDefinition table, SchemaCatalog.Table now, List<AdoptionStep> steps) {
        SchemaCatalog.Table want = expected.tables().get(table.tableName());
        List<Query> queries = new ArrayList<>();
        for (Field<?> column : table.columns()) {
            SchemaCatalog.Column wanted = want.column(column.getName()).orElseThrow();
            var present = now.column(column.getName());
            if (present.isEmpty()) {
                // Added nullable and without a default: a volatile default would rewrite the table under its lock.
                queries.add(DSL.alterTable(table.name()).addColumnIfNotExists(DSL.field(column.getUnqualifiedName(),
                        column.getDataType().getSQLDataType())));
            }
            if (present.isEmpty() || !Objects.equals(present.get().defaultExpression(), wanted.defaultExpression())) {
                queries.add(column.getDataType().defaulted() ? setDefault(table, column)
                        : DSL.alterTable(table.name()).alterColumn(column.getUnqualifiedName()).dropDefault());
            }
        }
        if (!Objects.equals(now.comment(), want.comment()) || want.columns().stream().anyMatch(w ->
                !Objects.equals(w.comment(), now.column(w.name()).map(SchemaCatalog.Column::comment).orElse(null)))) {
            queries.addAll(table.comments());
        }
        if (!queries.isEmpty()) {
            steps.add(new AdoptionStep.Ddl(LockNote.BRIEF.on(table.tableName()) + " (defaults, comments: catalog only)",
                    List.of(SchemaStep.of("defaults and comments of " + table.tableName(), queries))));
        }
    }

    /** The model's default on {@code column}, typed so that jOOQ takes the default as the column's own type. */
    private static <T> Query setDefault(TableDefinition table, Field<T> column) {
        return DSL.alterTable(table.name()).alterColumn(DSL.field(column.getUnqualifiedName(), column.getDataType()))
                .setDefault(column.getDataType().defaultValue());
    }

    private void notNull(TableDefinition table, SchemaCatalog.Table now, List<AdoptionStep> steps) {
        SchemaCatalog.Table want = expected.tables().get(table.tableName());
        for (SchemaCatalog.Column wanted : want.columns()) {
            boolean nullable = now.column(wanted.name()).map(c -> !c.notNull()).orElse(true);
            if (wanted.notNull() && nullable) {
                Name column = name(wanted.name());
                Name check = OnlineDdl.notNullCheck(table.name(), column);
                String t = table.tableName();
                steps.add(AdoptionStep.Ddl.of(LockNote.NOT_VALID, t, OnlineDdl.addCheckNotValid(table.name(), check, OnlineDdl.isNotNull(column))));
                steps.add(AdoptionStep.Ddl.of(LockNote.VALIDATE, t, OnlineDdl.validate(table.name(), check)));
                steps.add(new AdoptionStep.Ddl(LockNote.BRIEF.on(t) + ": the validated CHECK spares SET NOT NULL its scan",
                        List.of(SchemaStep.of("set not null " + t + "." + wanted.name(),
                                DSL.alterTable(table.name()).alterColumn(column).setNotNull(),
                                DSL.alterTable(table.name()).dropConstraintIfExists(check)))));
            }
        }
    }

    private void constraints(TableDefinition table, SchemaCatalog.Table now, List<AdoptionStep> steps) {
        String t = table.tableName();
        for (TableConstraint constraint : table.constraints()) {
            var present = now.constraint(constraint.name().last());
            if (constraint instanceof TableConstraint.Check check && present.map(c -> !c.validated()).orElse(true)) {
                steps.add(AdoptionStep.Ddl.of(LockNote.NOT_VALID, t, OnlineDdl.addCheckNotValid(table.name(), check.name(), check.condition())));
                steps.add(AdoptionStep.Ddl.of(LockNote.VALIDATE, t, OnlineDdl.validate(table.name(), check.name())));
            } else if (constraint instanceof TableConstraint.Unique unique && present.isEmpty()) {
                steps.add(AdoptionStep.Ddl.of(LockNote.CONCURRENT_BUILD, t, OnlineDdl.dropIfInvalid(unique.name()),
                        OnlineDdl.createUniqueIndex(unique.name(), table.name(), unique.columns())));
                steps.add(AdoptionStep.Ddl.of(LockNote.BRIEF, t, OnlineDdl.addUniqueUsingIndex(table.name(), unique.name())));
            }
        }
    }

    private void primaryKey(TableDefinition table, SchemaCatalog.Table now, List<AdoptionStep> steps) {
        boolean onId = now.constraint(table.primaryKeyName()).map(c -> c.columns().equals(List.of(TableDefinition.ID.getName())))
                .orElse(false);
        if (onId) {
            return;
        }
        String t = table.tableName();
        Name index = name(newPrimaryKeyIndex(table));
        steps.add(AdoptionStep.Ddl.of(LockNote.CONCURRENT_BUILD, t, OnlineDdl.dropIfInvalid(index),
                OnlineDdl.createUniqueIndex(index, table.name(), List.of(TableDefinition.ID.getUnqualifiedName()))));
        steps.add(new AdoptionStep.Ddl(LockNote.BRIEF.on(t) + ": the unique index on id becomes the primary key",
                List.of(SchemaStep.onlyIf(DSL.function("to_regclass", SQLDataType.OTHER, inline(index.last())).isNotNull(),
                        "primary key of " + t + " on id instead of " + String.join(", ", now.constraint(table.primaryKeyName())
                                .map(SchemaCatalog.Constraint::columns).orElse(List.of())),
                        query("alter table {0} drop constraint if exists {1}, add constraint {1} primary key using index {2}",
                                table.name(), name(table.primaryKeyName()), index)))));
    }

    private void foreignKey(TableDefinition table, SchemaCatalog.Table now, List<AdoptionStep> steps) {
        String t = table.tableName();
        Name key = name(table.foreignKeyName());
        if (now.constraint(LegacySchema.legacyForeignKey(table)).isPresent()) {
            steps.add(new AdoptionStep.Ddl(LockNote.BRIEF.on(t) + " (a rename: catalog only)", List.of(SchemaStep.of(
                    "rename " + LegacySchema.legacyForeignKey(table) + " to " + key.last(),
                    query("alter table {0} rename constraint {1} to {2}", table.name(), name(LegacySchema.legacyForeignKey(table)), key)))));
        } else if (now.constraint(key.last()).map(c -> !c.validated()).orElse(true)) {
            steps.add(AdoptionStep.Ddl.of(LockNote.NOT_VALID, t, SchemaStep.onlyIf(
                    DSL.notExists(DSL.selectOne().from(DSL.table(name("pg_catalog", "pg_constraint")))
                            .where(DSL.field(name("conname"), SQLDataType.VARCHAR).eq(inline(key.last())))
                            .and(DSL.field(name("conrelid")).eq(DSL.function("to_regclass", SQLDataType.OTHER, inline(t))))),
                    "add constraint " + key.last() + " not valid",
                    query("alter table {0} add constraint {1} " + ExpectedSchema.TENANT_FOREIGN_KEY + " not valid", table.name(), key))));
            steps.add(AdoptionStep.Ddl.of(LockNote.VALIDATE, t, OnlineDdl.validate(table.name(), key)));
        }
    }

    private void indexes(TableDefinition table, SchemaCatalog.Table now, List<AdoptionStep> steps) {
        for (TableIndex index : table.indexes()) {
            if (now.index(index.name().last()).map(i -> !i.valid()).orElse(true)) {
                steps.add(AdoptionStep.Ddl.of(LockNote.CONCURRENT_BUILD, table.tableName(), OnlineDdl.dropIfInvalid(index.name()),
                        OnlineDdl.createIndex(index.name(), table.name(), index.columns(), index.where().orElse(null))));
            }
        }
    }

    /** A role's privileges on a queue table that no one but the owner, and the two roles the model's, may hold. */
    record Revocation(String table, String role, List<String> privileges) {

        /** What adopt tells the operator before it converts anything. */
        String line() {
            return "adopt revokes " + String.join(", ", privileges) + " on " + table + " from " + role
                    + ": only the owner, the service role and the maintenance role keep privileges on the queue tables";
        }

        Query query(Name table) {
            var revoke = DSL.revoke(privileges.stream().map(DSL::privilege).toList()).on(DSL.table(table));
            return role.equals(PUBLIC) ? revoke.fromPublic() : revoke.from(DSL.role(name(role)));
        }
    }

    /**
     * The privileges on the queue tables that a Knex-era login (or PUBLIC) was given, and the two roles'
     * beyond the model's: kept, a login the operator then makes a member of the service role would still
     * TRUNCATE every tenant's rows, which row-level security does not govern. They go in each table's policy
     * swap, in the same transaction as the grants that replace them.
     */
    static List<Revocation> revocations(SchemaCatalog live, SchemaModel model, DatabaseRoles roles) {
        List<Revocation> revocations = new ArrayList<>();
        for (TableDefinition table : model.tables()) {
            for (String grant : live.tables().get(table.tableName()).grants()) {
                String role = SchemaCatalog.grantee(grant);
                List<String> held = java.util.Arrays.stream(grant.replaceFirst("^GRANT (.*) ON .*$", "$1").split(", ")).distinct().toList();
                boolean ours = role.equals(roles.application()) || role.equals(roles.maintenance());
                List<String> extra = held.stream().filter(p -> !ours || !MODEL_PRIVILEGES.contains(p)).toList();
                if (!extra.isEmpty()) {
                    revocations.add(new Revocation(table.tableName(), role, extra));
                }
            }
        }
        return revocations;
    }

    /** The policy swap is done: row-level security enabled and forced, only the model's policies, no privilege to revoke. */
    private boolean isolated(TableDefinition table, SchemaCatalog.Table now, DatabaseRoles roles) {
        Set<String> ours = Set.of(TenantIsolation.tenantPolicy(table.name()).last(), TenantIsolation.maintenancePolicy(table.name()).last());
        Set<String> present = Set.copyOf(now.policies().stream().map(SchemaCatalog.Policy::name).toList());
        return now.rowSecurity() && now.forceRowSecurity() && present.equals(ours)
                && revocations(live, model, roles).stream().noneMatch(r -> r.table().equals(table.tableName()));
    }

    private void policies(TableDefinition table, SchemaCatalog.Table now, DatabaseRoles roles, List<AdoptionStep> steps) {
        Set<String> ours = Set.of(TenantIsolation.tenantPolicy(table.name()).last(), TenantIsolation.maintenancePolicy(table.name()).last());
        Set<String> present = Set.copyOf(now.policies().stream().map(SchemaCatalog.Policy::name).toList());
        List<Revocation> revocations = revocations(live, model, roles).stream().filter(r -> r.table().equals(table.tableName())).toList();
        if (isolated(table, now, roles)) {
            return;
        }
        List<Query> swap = new ArrayList<>();
        for (String policy : present) {
            if (!ours.contains(policy)) {
                swap.add(query("drop policy if exists {0} on {1}", name(policy), table.name()));
            }
        }
        swap.addAll(TenantIsolation.enable(table.name(), roles));
        revocations.forEach(r -> swap.add(r.query(table.name())));
        steps.add(new AdoptionStep.Ddl(LockNote.BRIEF.on(table.tableName()) + ", one transaction: never a moment without a policy",
                List.of(SchemaStep.of("replace the policies of " + table.tableName()
                        + (revocations.isEmpty() ? "" : " and revoke the privileges of " + String.join(", ",
                                revocations.stream().map(Revocation::role).toList())), swap))));
    }

    private void dropOriginals(TableDefinition table, SchemaCatalog.Table now, List<AdoptionStep> steps) {
        String t = table.tableName();
        for (String unique : LegacySchema.legacyUniques(table)) {
            if (now.constraint(unique).isPresent()) {
                steps.add(AdoptionStep.Ddl.of(LockNote.BRIEF, t, SchemaStep.of("drop global unique " + unique,
                        DSL.alterTable(table.name()).dropConstraintIfExists(name(unique)))));
            }
        }
        for (SchemaCatalog.Index index : now.indexes()) {
            if (LegacySchema.isLegacyIndex(table, index)) {
                steps.add(AdoptionStep.Ddl.of(LockNote.CONCURRENT_DROP, t, OnlineDdl.dropIndex(name(index.name()))));
            }
        }
    }
}
