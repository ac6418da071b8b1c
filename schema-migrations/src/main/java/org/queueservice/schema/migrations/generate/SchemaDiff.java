package org.queueservice.schema.migrations.generate;

import static org.queueservice.schema.migrations.generate.JavaDsl.name;
import static org.queueservice.schema.migrations.generate.JavaDsl.string;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jooq.Field;
import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.catalog.SchemaCatalog;
import org.queueservice.schema.migrations.generate.ModelChange.Statement;
import org.queueservice.schema.migrations.internal.LockNote;
import org.queueservice.schema.model.RateLimiterSeed.Provider;
import org.queueservice.schema.model.SchemaModel;
import org.queueservice.schema.model.TableDefinition;
import org.queueservice.schema.model.Tenants;

/**
 * The changes that take a schema built by the migrations ({@code released}) to the one the model builds
 * ({@code desired}). Both are compared as PostgreSQL reports them; the statements for what is new are
 * written from the model's own declarations, and those that restore what is gone (in down steps) from
 * the catalog of the released schema. Changes come table by table in the model's order: indexes and
 * constraints that go are dropped before the columns they may cover, new ones built after the columns
 * they need; tables that leave the model are dropped last, and seed rows follow.
 */
final class SchemaDiff {

    private static final String SEED = "ROW EXCLUSIVE on rate_limiters: the one seeded row, and only while it is exactly as seeded";

    private final SchemaModel model;
    private final SchemaCatalog released;
    private final SchemaCatalog desired;
    private final List<Provider> seeded;
    private final ReleasedSql releasedSql;

    SchemaDiff(SchemaModel model, ModelComparison comparison, ReleasedSql releasedSql) {
        this.model = model;
        this.released = comparison.released();
        this.desired = comparison.desired();
        this.seeded = comparison.seeded();
        this.releasedSql = releasedSql;
    }

    List<ModelChange> changes() {
        if (!released.functions().equals(desired.functions())) {
            throw new UnsupportedChange("the trigger functions differ between the model and the migrations");
        }
        requireSame(Tenants.NAME.last(), released.tables().get(Tenants.NAME.last()), desired.tables().get(Tenants.NAME.last()));
        List<ModelChange> changes = new ArrayList<>();
        for (TableDefinition table : model.tables()) {
            SchemaCatalog.Table before = released.tables().get(table.tableName());
            if (before == null) {
                changes.add(TableChanges.add(table));
            } else {
                changes.addAll(alter(table, before, desired.tables().get(table.tableName())));
            }
        }
        for (SchemaCatalog.Table before : released.tables().values()) {
            if (!before.name().equals(Tenants.NAME.last()) && model.table(before.name()).isEmpty()) {
                changes.add(TableChanges.drop(before, releasedSql));
            }
        }
        changes.addAll(seedChanges());
        return changes;
    }

    private static void requireSame(String table, SchemaCatalog.Table a, SchemaCatalog.Table b) {
        if (!Objects.equals(a, b)) {
            throw new UnsupportedChange("table " + table + " differs between the model and the migrations");
        }
    }

    private List<ModelChange> alter(TableDefinition table, SchemaCatalog.Table before, SchemaCatalog.Table after) {
        String t = table.tableName();
        if (!before.triggers().equals(after.triggers()) || !before.policies().equals(after.policies())
                || !before.grants().equals(after.grants()) || before.rowSecurity() != after.rowSecurity()
                || before.forceRowSecurity() != after.forceRowSecurity()) {
            throw new UnsupportedChange("the tenant isolation of " + t + " (trigger, row-level security, policies or grants) "
                    + "differs between the model and the migrations; the generator only writes the isolation every table gets");
        }
        if (!t.equals("rate_limiters") && !before.rows().equals(after.rows())) {
            throw new UnsupportedChange("the rows of " + t + " differ between the model and the migrations");
        }
        List<ModelChange> changes = new ArrayList<>();
        Map<String, SchemaCatalog.Index> oldIndexes = byName(ownIndexes(before), SchemaCatalog.Index::name);
        Map<String, SchemaCatalog.Index> newIndexes = byName(ownIndexes(after), SchemaCatalog.Index::name);
        Map<String, SchemaCatalog.Constraint> oldConstraints = byName(ownConstraints(table, before), SchemaCatalog.Constraint::name);
        Map<String, SchemaCatalog.Constraint> newConstraints = byName(ownConstraints(table, after), SchemaCatalog.Constraint::name);
        requireSameKeys(table, before, after);

        oldIndexes.forEach((name, index) -> {
            if (!index.equals(newIndexes.get(name))) {
                changes.add(IndexChanges.drop(t, index));
            }
        });
        oldConstraints.forEach((name, constraint) -> {
            if (!constraint.equals(newConstraints.get(name))) {
                changes.add(ConstraintChanges.drop(t, constraint, releasedSql));
            }
        });
        for (Field<?> column : table.columns()) {
            SchemaCatalog.Column now = after.column(column.getName()).orElseThrow();
            Optional<SchemaCatalog.Column> was = before.column(column.getName());
            if (was.isEmpty()) {
                changes.add(ColumnChanges.add(t, column, now.comment()));
            } else {
                changes.addAll(ColumnChanges.alter(t, column, was.get(), now));
            }
        }
        for (SchemaCatalog.Column column : before.columns()) {
            if (after.column(column.name()).isEmpty()) {
                changes.add(ColumnChanges.drop(t, column));
            }
        }
        newConstraints.forEach((name, constraint) -> {
            if (!constraint.equals(oldConstraints.get(name))) {
                changes.add(ConstraintChanges.add(t, table.constraint(name).orElseThrow()));
            }
        });
        newIndexes.forEach((name, index) -> {
            if (!index.equals(oldIndexes.get(name))) {
                changes.add(IndexChanges.add(table, table.index(name).orElseThrow()));
            }
        });
        if (!Objects.equals(before.comment(), after.comment())) {
            changes.add(ModelChange.of("comment on table " + t,
                    List.of(new Statement(LockNote.CATALOG_ONLY.on(t), commentOnTable(t, after.comment()))),
                    List.of(new Statement(LockNote.CATALOG_ONLY.on(t), commentOnTable(t, before.comment())))));
        }
        return changes;
    }

    private static String commentOnTable(String table, String comment) {
        return "SchemaStep.of(\"comment on table " + table + "\", commentOnTable(" + name(DSL.name(table)) + ").is("
                + string(comment == null ? "" : comment) + "))";
    }

    /** The primary key and tenant foreign key are the same on every table: a difference there is not the model's. */
    private static void requireSameKeys(TableDefinition table, SchemaCatalog.Table before, SchemaCatalog.Table after) {
        for (String key : List.of(table.primaryKeyName(), table.foreignKeyName())) {
            if (!Objects.equals(before.constraint(key), after.constraint(key))) {
                throw new UnsupportedChange("constraint " + key + " differs between the model and the migrations");
            }
        }
    }

    private static List<SchemaCatalog.Index> ownIndexes(SchemaCatalog.Table table) {
        return table.indexes().stream().filter(i -> !i.ofConstraint()).toList();
    }

    private static List<SchemaCatalog.Constraint> ownConstraints(TableDefinition table, SchemaCatalog.Table catalog) {
        return catalog.constraints().stream()
                .filter(c -> !c.name().equals(table.primaryKeyName()) && !c.name().equals(table.foreignKeyName())).toList();
    }

    private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
        return items.stream().collect(Collectors.toMap(name, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
    }

    private List<ModelChange> seedChanges() {
        List<ModelChange> changes = new ArrayList<>();
        Map<String, Provider> before = byName(seeded, Provider::serviceName);
        Map<String, Provider> after = byName(model.providers(), Provider::serviceName);
        after.forEach((service, provider) -> {
            Provider was = before.get(service);
            if (was == null) {
                changes.add(ModelChange.of("seed rate limiter " + service,
                        List.of(new Statement(SEED, "RateLimiterSeed.insertProvider(settings.systemTenant(), " + provider(provider) + ")")),
                        List.of(new Statement(SEED, "RateLimiterSeed.deleteProvider(settings.systemTenant(), " + provider(provider) + ")"))));
            } else if (!was.equals(provider)) {
                changes.add(ModelChange.of("change seeded rate limiter " + service,
                        List.of(new Statement(SEED, "RateLimiterSeed.updateProvider(settings.systemTenant(), " + provider(was) + ", "
                                + provider(provider) + ")")),
                        List.of(new Statement(SEED, "RateLimiterSeed.updateProvider(settings.systemTenant(), " + provider(provider) + ", "
                                + provider(was) + ")"))));
            }
        });
        before.forEach((service, provider) -> {
            if (!after.containsKey(service)) {
                changes.add(ModelChange.of("delete seeded rate limiter " + service,
                        List.of(new Statement(SEED, "RateLimiterSeed.deleteProvider(settings.systemTenant(), " + provider(provider) + ")")),
                        List.of(new Statement(SEED, "RateLimiterSeed.insertProvider(settings.systemTenant(), " + provider(provider) + ")")))
                        .asDestructive());
            }
        });
        return changes;
    }

    private static String provider(Provider provider) {
        return "new RateLimiterSeed.Provider(" + string(provider.serviceName()) + ", " + provider.tokensPerSecond() + ", "
                + provider.maxConcurrent() + ")";
    }
}
