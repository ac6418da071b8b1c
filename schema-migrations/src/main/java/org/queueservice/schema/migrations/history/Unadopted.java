package org.queueservice.schema.migrations.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.FlywayChain;
import org.queueservice.schema.migrations.MigrationFailure;
import org.queueservice.schema.migrations.Migrations;
import org.queueservice.schema.migrations.adopt.Adoption;

/**
 * What a database that has Knex's table and no Flyway history is, with what to run: adopt converts it,
 * or finishes what an interrupted adopt left, as adopt's own recognition tells the two apart. Empty for
 * any other database. Migrate, validate and info each say it.
 */
final class Unadopted {

    private Unadopted() {
    }

    static Optional<String> of(FlywayChain chain) {
        try (Connection c = chain.connection().open()) {
            return of(chain, c);
        } catch (SQLException e) {
            throw MigrationFailure.of("reading the history", e);
        }
    }

    static Optional<String> of(FlywayChain chain, Connection c) throws SQLException {
        boolean knexWithoutHistory = DSL.using(c).fetchSingle("select to_regclass(?) is null and to_regclass(?) is not null",
                Migrations.HISTORY_TABLE, "knex_migrations_queue").get(0, Boolean.class);
        return knexWithoutHistory ? Optional.of(knexState(chain)) : Optional.empty();
    }

    private static String knexState(FlywayChain chain) {
        String database = chain.connection().database();
        return new Adoption(chain.connection(), chain.settings()).halfAdopted()
                ? database + " is half-adopted: an interrupted queue-schema adopt converted part of it and recorded "
                        + "no version in " + Migrations.HISTORY_TABLE + "; run queue-schema adopt again to finish it."
                : database + " was created by the original Knex migration (knex_migrations_queue exists, "
                        + Migrations.HISTORY_TABLE + " does not); convert it with queue-schema adopt (try adopt --dry-run first).";
    }
}
