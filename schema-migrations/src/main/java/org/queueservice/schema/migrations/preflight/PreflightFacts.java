package org.queueservice.schema.migrations.preflight;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.queueservice.schema.migrations.internal.QueryRows;
import org.queueservice.schema.model.DatabaseRoles;
import org.queueservice.schema.model.QueueSchema;
import org.queueservice.schema.model.TenantTable;
import org.queueservice.schema.model.Tenants;

/**
 * What the preflight rules decide from, read once.
 *
 * @param schema         {@code current_schema()}: where migrate would create the tables; null when the URL names
 *                       a schema that does not exist
 * @param currentUser    who migrates (and will own the tables)
 * @param mayCreateRoles whether {@code currentUser} is a superuser or has CREATEROLE
 * @param roles          the service role, then the maintenance role
 * @param tenants        the columns of an existing {@code tenants}; empty when there is none
 */
record PreflightFacts(String schema, String currentUser, boolean mayCreateRoles, List<Role> roles,
                      Optional<List<TenantsColumn>> tenants) {

    /**
     * A configured role as PostgreSQL has it (the name is already as PostgreSQL stores it: {@link DatabaseRoles}).
     *
     * @param owns        what it owns, or is a member of the owner of: the schema, the tables, or the migrating
     *                    user (who will own the tables); empty when nothing
     * @param memberOf    the other configured role, when this one is a member of it (directly or through others)
     */
    record Role(String name, boolean exists, boolean superuser, boolean bypassRls, List<String> owns, Optional<String> memberOf) {
    }

    /** A column of {@code tenants}: {@code text} means the system tenant's name fits it. */
    record TenantsColumn(String name, String type, boolean text, boolean notNull, boolean hasDefault, boolean primaryKey) {
    }

    static PreflightFacts read(Connection c, DatabaseRoles roles) throws SQLException {
        List<String> state = QueryRows.of(c, "select current_schema(), current_user, "
                + "(select rolsuper or rolcreaterole from pg_roles where rolname = current_user), to_regclass(?) is not null",
                Tenants.NAME.last()).get(0);
        String application = roles.application();
        String maintenance = roles.maintenance();
        return new PreflightFacts(state.get(0), state.get(1), "t".equals(state.get(2)),
                List.of(role(c, state.get(0), application, maintenance), role(c, state.get(0), maintenance, application)),
                "t".equals(state.get(3)) ? Optional.of(tenantsColumns(c)) : Optional.empty());
    }

    private static Role role(Connection c, String schema, String name, String other) throws SQLException {
        List<String> tables = new ArrayList<>(QueueSchema.TABLES.stream().map(TenantTable::tableName).toList());
        tables.add(Tenants.NAME.last());
        List<List<String>> rows = QueryRows.of(c, "select r.rolsuper, r.rolbypassrls, "
                        + "coalesce(pg_has_role(r.oid, n.nspowner, 'MEMBER'), false), "
                        + "pg_has_role(r.oid, (select oid from pg_roles where rolname = current_user), 'MEMBER'), "
                        + "(select string_agg(c.relname, ', ' order by c.relname) from pg_class c where c.relnamespace = n.oid "
                        + "and c.relname = any(?::text[]) and pg_has_role(r.oid, c.relowner, 'MEMBER')), "
                        + "coalesce((select pg_has_role(r.oid, o.oid, 'MEMBER') from pg_roles o where o.rolname = ?), false) "
                        + "from pg_roles r left join pg_namespace n on n.nspname = current_schema() where r.rolname = ?",
                tables.toArray(String[]::new), other, name);
        if (rows.isEmpty()) {
            return new Role(name, false, false, false, List.of(), Optional.empty());
        }
        List<String> row = rows.get(0);
        boolean superuser = "t".equals(row.get(0));
        if (superuser) {
            // pg_has_role is true for a superuser whatever it asks: it would own and be a member of everything.
            return new Role(name, true, true, "t".equals(row.get(1)), List.of(), Optional.empty());
        }
        List<String> owns = new ArrayList<>();
        if ("t".equals(row.get(2))) {
            owns.add("schema " + schema);
        }
        if ("t".equals(row.get(3))) {
            owns.add("the tables migrate creates (it is, or is a member of, the migrating user)");
        }
        if (row.get(4) != null) {
            owns.add(row.get(4));
        }
        return new Role(name, true, false, "t".equals(row.get(1)), owns,
                "t".equals(row.get(5)) ? Optional.of(other) : Optional.empty());
    }

    private static List<TenantsColumn> tenantsColumns(Connection c) throws SQLException {
        return QueryRows.of(c, "select a.attname, format_type(a.atttypid, a.atttypmod), t.typcategory = 'S', a.attnotnull, "
                        + "a.atthasdef or a.attidentity <> '' or a.attgenerated <> '', "
                        + "exists (select 1 from pg_constraint k where k.conrelid = a.attrelid and k.contype = 'p' "
                        + "and k.conkey = array[a.attnum]::int2[]) "
                        + "from pg_attribute a join pg_type t on t.oid = a.atttypid "
                        + "where a.attrelid = to_regclass(?) and a.attnum > 0 and not a.attisdropped order by a.attnum",
                        Tenants.NAME.last()).stream()
                .map(row -> new TenantsColumn(row.get(0), row.get(1), "t".equals(row.get(2)), "t".equals(row.get(3)),
                        "t".equals(row.get(4)), "t".equals(row.get(5))))
                .toList();
    }
}
