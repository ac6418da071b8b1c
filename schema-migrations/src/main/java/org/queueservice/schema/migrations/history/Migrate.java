package org.queueservice.schema.migrations.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.output.MigrateResult;
import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.migrations.FlywayChain;
import org.queueservice.schema.migrations.MigrationFailure;
import org.queueservice.schema.migrations.Migrations;
import org.queueservice.schema.migrations.SchemaSummary;
import org.queueservice.schema.migrations.citus.CitusCatalog;
import org.queueservice.schema.migrations.citus.Distribution;
import org.queueservice.schema.migrations.internal.SchemaChangeLock;
import org.queueservice.schema.migrations.preflight.Preflight;
import org.queueservice.schema.model.SqlRenderer;

/**
 * {@code queue-schema migrate}: the refusals that come first, then every pending version applied with Flyway,
 * then, on a Citus coordinator, the tables placed. What the scratch databases of repair, review, the audit and
 * the generator are built with too, so that they are migrated exactly as an operator's database is.
 */
public final class Migrate {

    /** The version up to which the queue tables and their tenant isolation are applied together. */
    private static final MigrationVersion TABLES_WITH_ISOLATION = MigrationVersion.fromVersion("2");

    /** What a migrate did: Flyway's runs, the tables placed on a Citus coordinator, and the schema it left. */
    public record Applied(List<MigrateResult> runs, List<Distribution.Move> distributed, SchemaSummary schema) {
    }

    private final FlywayChain chain;
    private final ConnectionSettings connection;

    public Migrate(FlywayChain chain) {
        this.chain = chain;
        this.connection = chain.connection();
    }

    /**
     * Applies every pending migration, each in its own transaction (or, for an online version, step by
     * step), stopping at the first failure.
     */
    public Applied run() {
        preflight();
        return SchemaChangeLock.holding(connection, () -> {
            chain.requireRecordedSettings("migrate");
            List<MigrateResult> runs = applyPending("migrate");
            List<Distribution.Move> distributed = distributeOnCoordinator();
            return new Applied(runs, distributed, summary());
        });
    }

    /**
     * On a Citus coordinator, places the tables no version has placed yet (all of them after the first migrate,
     * the table a later version adds after that); nothing on plain PostgreSQL.
     */
    private List<Distribution.Move> distributeOnCoordinator() {
        try (Connection c = connection.open()) {
            if (CitusCatalog.extensionVersion(c).isEmpty()) {
                return List.of();
            }
            return Distribution.run(c, chain.settings(), false, move -> { });
        } catch (SQLException e) {
            throw MigrationFailure.of("migrate: distributing the tables on the Citus coordinator", e);
        }
    }

    /**
     * Runs Flyway's migrate, once versions that stopped half-way are forgotten, V1 and V2 together when both
     * are pending; called holding the schema change lock (adopt records the versions with it).
     */
    public List<MigrateResult> applyPending(String operation) {
        try {
            resumeInterruptedVersions();
            List<MigrateResult> runs = new ArrayList<>();
            if (tablesWithoutIsolationPending()) {
                runs.add(Flyway.configure().configuration(chain.flyway().getConfiguration())
                        .group(true).target(TABLES_WITH_ISOLATION.getVersion()).load().migrate());
            }
            runs.add(chain.flyway().migrate());
            return runs;
        } catch (FlywayValidateException e) {
            throw new Validation(chain).invalid(operation, e);
        } catch (SQLException | RuntimeException e) {
            throw MigrationFailure.of(operation, e);
        }
    }

    /** Counts of what the schema holds now, for the report. */
    public SchemaSummary summary() {
        try (Connection c = connection.open()) {
            return SchemaSummary.read(c);
        } catch (SQLException e) {
            throw MigrationFailure.of("reading the migrated schema", e);
        }
    }

    /**
     * Whether V1 (the tables) is to be applied with V2 (their row-level security, policies and grants) still
     * to come. Each version commits on its own, so a V2 that failed (a missing CREATEROLE, a lock timeout)
     * would leave the ten tables readable without any policy; the two are therefore applied in one
     * transaction, all or nothing. Later versions that add a table create it with its isolation.
     */
    private boolean tablesWithoutIsolationPending() {
        MigrationInfo current = chain.flyway().info().current();
        return chain.migrations().size() >= TABLES_WITH_ISOLATION.getMajor().intValue()
                && (current == null || current.getVersion().compareTo(TABLES_WITH_ISOLATION) < 0);
    }

    /**
     * Refusals that must come before Flyway touches anything.
     * <ul>
     * <li>A user who may not create objects in the schema: Flyway would retry creating its history table
     * for about ten seconds before giving up with the same error.</li>
     * <li>A database created by the original Knex migration: it has tables of the same names but global
     * unique constraints, a rate_limiters keyed by service_name and a second, ::text policy. Migrating over
     * it would skip those tables (IF NOT EXISTS), stop at the seed for want of a per-tenant key, and leave
     * a half-converted schema.</li>
     * </ul>
     */
    private void preflight() {
        try (Connection c = connection.open()) {
            Preflight.requirePublicSchema(c, "migrate");
            org.jooq.Record state = DSL.using(c).fetchSingle("select current_user, current_schema(), "
                    + "has_schema_privilege(current_schema(), 'CREATE'), to_regclass(?) is not null", Migrations.HISTORY_TABLE);
            boolean migrated = state.get(3, Boolean.class);
            if (!migrated && !state.get(2, Boolean.class)) {
                throw new MigrationFailure("migrate refused: " + state.get(0, String.class) + " may not create objects in schema "
                        + state.get(1, String.class) + " of " + connection.database() + "; run as the schema's owner or grant it CREATE. "
                        + "Nothing was changed.");
            }
            Optional<String> unadopted = Unadopted.of(chain, c);
            if (unadopted.isPresent()) {
                throw new MigrationFailure("migrate refused: " + unadopted.get() + " Nothing was changed.");
            }
            if (chain.flyway().info().pending().length > 0) {
                Preflight.beforeChanges("migrate", c, chain.settings());
            }
        } catch (SQLException e) {
            throw MigrationFailure.of("migrate", e);
        }
    }

    /**
     * A version that commits step by step and failed half-way is recorded by Flyway as failed, and Flyway
     * then refuses to migrate at all. Such versions are idempotent by design: forgetting the failed record
     * lets the next migrate run the version again from its first step, which finishes what was left. A
     * failed transactional version is never recorded (its transaction was rolled back), so this touches
     * nothing else.
     */
    private void resumeInterruptedVersions() throws SQLException {
        List<String> resumable = chain.migrations().stream().filter(m -> !m.canExecuteInTransaction())
                .map(m -> m.getVersion().getVersion()).toList();
        if (resumable.isEmpty()) {
            return;
        }
        try (Connection c = connection.open()) {
            if (DSL.using(c).fetchValue("select to_regclass(?)", Migrations.HISTORY_TABLE) == null) {
                return;
            }
            try (PreparedStatement forget = c.prepareStatement(SqlRenderer.render(
                    DSL.deleteFrom(DSL.table(DSL.name(Migrations.HISTORY_TABLE))).where(DSL.field(DSL.name("success")).isFalse())
                            .and(DSL.field(DSL.name("version"), String.class).in(resumable))))) {
                forget.executeUpdate();
            }
        }
    }
}
