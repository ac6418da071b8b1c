package org.queueservice.schema.migrations.review;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.catalog.ReferenceCatalog;
import org.queueservice.schema.migrations.catalog.SchemaCatalog;
import org.queueservice.schema.migrations.internal.DatabaseError;
import org.queueservice.schema.migrations.provision.TestServerUnavailable;

/**
 * Drift: the reviewed database's catalog next to the one its applied versions build on a scratch database
 * created on the same server (so the reviewing login needs CREATEDB, as for the audit) and dropped again.
 * The reviewed database is only read: its structure, never its rows.
 */
final class Drift {

    private Drift() {
    }

    /** The differences, or empty with a note when no scratch database could be had. */
    static Optional<ReviewReport.Drift> of(ConnectionSettings database, Connection connection, List<SchemaMigration> applied,
                                           MigrationSettings settings, List<String> notes) {
        SchemaCatalog live = SchemaCatalog.readStructure(connection);
        try {
            SchemaCatalog expected = ReferenceCatalog.of(database, applied, settings, "review_drift");
            String versions = applied.isEmpty() ? "no version" : "V1..V" + applied.size();
            return Optional.of(new ReviewReport.Drift(database.database(), applied.size(),
                    live.differencesFrom(expected, database.database(), versions)));
        } catch (TestServerUnavailable e) {
            // its message tells a test run how to point the tests at a server; the CLI's user can only change the login
            notes.add("drift not checked: " + database.user() + " cannot create a scratch database on "
                    + ConnectionSettings.maskPasswords(database.url()) + " (" + DatabaseError.describe(e.refusal()) + "): give "
                    + database.user() + " CREATEDB there, or review with a login that has it");
        } catch (SQLException e) {
            notes.add("drift not checked: " + DatabaseError.describe(e));
        } catch (RuntimeException e) {
            notes.add("drift not checked: " + e.getMessage().lines().findFirst().orElse(e.toString()));
        }
        return Optional.empty();
    }
}
