package org.queueservice.schema.migrations.preflight;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.queueservice.schema.model.Tenants;

/**
 * An existing {@code tenants} (the tenants service's) must fit what the queue schema does with it: every queue
 * table's foreign key references {@code id uuid}, its primary key; the system tenant is inserted with
 * {@code id} and {@code name} only, so {@code name} must take text and no other column may be NOT NULL
 * without a default. Otherwise migrate would stop half-way, with the first versions committed.
 */
final class Pre6TenantsShape implements PreflightRule {

    @Override
    public String code() {
        return "PRE6";
    }

    @Override
    public List<String> refusals(PreflightFacts facts) {
        if (facts.tenants().isEmpty()) {
            return List.of();
        }
        List<PreflightFacts.TenantsColumn> columns = facts.tenants().get();
        String table = Tenants.NAME.last();
        String id = Tenants.ID.getName();
        String name = Tenants.TENANT_NAME.getName();
        List<String> refusals = new ArrayList<>();
        Optional<PreflightFacts.TenantsColumn> idColumn = column(columns, id);
        if (idColumn.isEmpty()) {
            refusals.add(table + " has no column " + id + ", which the queue tables' foreign keys reference");
        } else if (!idColumn.get().type().equals("uuid") || !idColumn.get().primaryKey()) {
            refusals.add(table + "." + id + " is " + idColumn.get().type() + (idColumn.get().primaryKey() ? "" : " and not the primary key")
                    + "; the queue tables' foreign keys need " + id + " uuid as its primary key");
        }
        Optional<PreflightFacts.TenantsColumn> nameColumn = column(columns, name);
        if (nameColumn.isEmpty()) {
            refusals.add(table + " has no column " + name + ", which the system tenant's row is inserted with");
        } else if (!nameColumn.get().text()) {
            refusals.add(table + "." + name + " is " + nameColumn.get().type() + ", not text; the system tenant's row is "
                    + "inserted with the name 'system'");
        }
        for (PreflightFacts.TenantsColumn column : columns) {
            if (column.notNull() && !column.hasDefault() && !column.name().equals(id) && !column.name().equals(name)) {
                refusals.add(table + "." + column.name() + " is NOT NULL without a default, and the system tenant's row "
                        + "(" + id + ", " + name + ") gives it no value");
            }
        }
        return refusals;
    }

    private static Optional<PreflightFacts.TenantsColumn> column(List<PreflightFacts.TenantsColumn> columns, String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
