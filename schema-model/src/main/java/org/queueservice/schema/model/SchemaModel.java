package org.queueservice.schema.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The desired schema as a value: the tenant tables in dependency order and the seeded rate limiters.
 * {@link QueueSchema#MODEL} is the real one; tests derive variants with the {@code with...} methods, and
 * the migration generator and the drift check take whichever they are given.
 *
 * @param tables tenant tables in creation order; every one depends only on tenants
 * @param providers the rate limiters seeded for the system tenant
 */
public record SchemaModel(List<TableDefinition> tables, List<RateLimiterSeed.Provider> providers) {

    public SchemaModel {
        tables = List.copyOf(tables);
        providers = List.copyOf(providers);
        java.util.Set<String> names = new java.util.HashSet<>();
        for (TableDefinition table : tables) {
            if (!names.add(table.tableName())) {
                throw new IllegalArgumentException("the model declares table " + table + " twice");
            }
        }
    }

    public Optional<TableDefinition> table(String name) {
        return tables.stream().filter(t -> t.tableName().equals(name)).findFirst();
    }

    /** Adds a table after the others. */
    public SchemaModel withTable(TableDefinition table) {
        List<TableDefinition> all = new ArrayList<>(tables);
        all.add(table);
        return new SchemaModel(all, providers);
    }

    public SchemaModel withTable(String name, UnaryOperator<TableDefinition> change) {
        if (table(name).isEmpty()) {
            throw new IllegalArgumentException("the model has no table " + name);
        }
        return new SchemaModel(tables.stream().map(t -> t.tableName().equals(name) ? change.apply(t) : t).toList(), providers);
    }

    public SchemaModel withoutTable(String name) {
        if (table(name).isEmpty()) {
            throw new IllegalArgumentException("the model has no table " + name);
        }
        return new SchemaModel(tables.stream().filter(t -> !t.tableName().equals(name)).toList(), providers);
    }

    public SchemaModel withProviders(List<RateLimiterSeed.Provider> newProviders) {
        return new SchemaModel(tables, newProviders);
    }

    /**
     * Everything the model describes, built directly on an empty schema: tenants when absent, the trigger
     * function, each table with its indexes, comments and trigger, the roles, row-level security with its
     * policies and grants, and the seed rows. The drift check compares this with what the migrations build.
     */
    public List<SchemaStep> build(DatabaseRoles roles, UUID systemTenant) {
        List<SchemaStep> steps = new ArrayList<>();
        steps.add(Tenants.createIfAbsent());
        steps.add(SchemaStep.of("create function " + UpdatedAtTrigger.FUNCTION.last(), UpdatedAtTrigger.createFunction()));
        for (TableDefinition table : tables) {
            steps.add(SchemaStep.of("create table " + table, table.createTable()));
            for (TableIndex index : table.indexes()) {
                steps.add(SchemaStep.of("create index " + index.name().last(), table.createIndex(index)));
            }
            steps.add(SchemaStep.of("comment on table " + table + " and its columns", table.comments()));
            steps.add(SchemaStep.of("create trigger " + UpdatedAtTrigger.triggerName(table.name()).last(),
                    UpdatedAtTrigger.createTrigger(table.name())));
        }
        steps.add(TenantIsolation.createRoleIfAbsent(roles.application()));
        steps.add(TenantIsolation.createRoleIfAbsent(roles.maintenance()));
        for (TableDefinition table : tables) {
            steps.add(SchemaStep.of("row-level security, policies and grants on " + table,
                    TenantIsolation.enable(table.name(), roles, TenantIsolation.tenantCondition())));
        }
        steps.addAll(RateLimiterSeed.insert(systemTenant, providers));
        return List.copyOf(steps);
    }
}
