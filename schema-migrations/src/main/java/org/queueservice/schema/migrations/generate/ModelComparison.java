package org.queueservice.schema.migrations.generate;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.FlywayChain;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.catalog.SchemaCatalog;
import org.queueservice.schema.migrations.history.Migrate;
import org.queueservice.schema.migrations.internal.ModelBuild;
import org.queueservice.schema.migrations.provision.ScratchDatabase;
import org.queueservice.schema.model.RateLimiterSeed.Provider;
import org.queueservice.schema.model.SchemaModel;

/**
 * A model next to what a chain of migrations builds: two scratch databases on the test server, one
 * migrated through the chain and one built from the model, read back as catalogs and dropped again.
 *
 * @param released the catalog the migrations build
 * @param desired the catalog the model builds
 * @param seeded the rate limiters the migrations seed
 */
public record ModelComparison(SchemaCatalog released, SchemaCatalog desired, List<Provider> seeded) {

    public static ModelComparison of(SchemaModel model, List<SchemaMigration> chain) {
        try (ScratchDatabase migrated = ScratchDatabase.create("released")) {
            new Migrate(new FlywayChain(migrated.settings(), MigrationSettings.DEFAULT, chain)).run();
            try (Connection c = migrated.open()) {
                return new ModelComparison(SchemaCatalog.read(c), built(model), seeded(c));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the scratch database: " + e.getMessage(), e);
        }
    }

    /** The catalog the model builds on an empty database. */
    public static SchemaCatalog built(SchemaModel model) {
        try (ScratchDatabase built = ScratchDatabase.create("model")) {
            ModelBuild.build(built.settings(), model, MigrationSettings.DEFAULT);
            try (Connection c = built.open()) {
                return SchemaCatalog.read(c);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the scratch database: " + e.getMessage(), e);
        }
    }

    /**
     * Every object that differs, naming it and both definitions; empty when the migrations build exactly
     * the model (column order aside: PostgreSQL appends added columns).
     */
    public List<String> differences() {
        return desired.differencesFrom(released, "the model", "the migrations");
    }

    /**
     * What a reviewer or CI reads when the migrations do not build the model: each differing object, and the
     * command that writes the missing version. Empty when there is no difference.
     */
    public String driftReport() {
        List<String> differences = differences();
        if (differences.isEmpty()) {
            return "";
        }
        return "The migrations do not build the model; " + differences.size() + " object(s) differ:\n  "
                + String.join("\n  ", differences)
                + "\nGenerate the missing version with: mvn generate-sources -Dmigration=<Description> "
                + "(docs/changing-the-schema.md), review it and commit it.";
    }

    private static List<Provider> seeded(Connection connection) {
        if (DSL.using(connection).fetchValue("select to_regclass('rate_limiters')") == null) {
            return List.of();
        }
        return DSL.using(connection).fetch("""
                        select service_name, bucket_size, max_concurrent from rate_limiters
                        where tenant_id = ? and tokens_available = bucket_size and refill_rate = bucket_size
                        order by service_name""", MigrationSettings.DEFAULT.systemTenant())
                .map(r -> new Provider(r.get(0, String.class), r.get(1, Integer.class), r.get(2, Integer.class)));
    }
}
