package org.queueservice.schema.migrations.review;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.migrations.FlywayChain;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.catalog.SchemaCatalog;
import org.queueservice.schema.migrations.history.Migrate;
import org.queueservice.schema.migrations.internal.DatabaseError;
import org.queueservice.schema.migrations.provision.ScratchDatabase;
import org.queueservice.schema.migrations.provision.TestServerUnavailable;
import org.queueservice.schema.migrations.review.rules.Rule;
import org.queueservice.schema.migrations.review.trace.Trace;
import org.queueservice.schema.migrations.security.IsolationContract;
import org.queueservice.schema.migrations.security.SecuritySurface;
import org.queueservice.schema.migrations.security.SurfaceChange;

/**
 * Drift: the reviewed database's catalog next to the one its applied versions build on a scratch database
 * created on the same server (so the reviewing login needs CREATEDB, as for the audit) and dropped again.
 * The reviewed database is only read: its structure, never its rows. Drift of the security surface that the isolation
 * contract does not allow (a policy, a row-level security flag, a grant, a view, a role attribute...) is an error that
 * fails the review; the rest is for information.
 */
final class Drift {

    private Drift() {
    }

    /**
     * The differences, or empty with a note when no scratch database could be had.
     *
     * @param built the structure and security surface the applied versions build, when the review already has them
     *              (the traced scratch database was built at that version), or null: then built here
     */
    static Optional<ReviewReport.Drift> of(ConnectionSettings database, Connection connection, List<SchemaMigration> applied,
                                           MigrationSettings settings, List<String> notes, Trace built) {
        SchemaCatalog live = SchemaCatalog.readStructure(connection);
        String versions = applied.isEmpty() ? "no version" : "V1..V" + applied.size();
        if (built != null) {
            try {
                return Optional.of(drift(database, applied, live, SecuritySurface.read(connection, settings), built.baseCatalog(),
                        built.baseSurface(), versions));
            } catch (SQLException e) {
                notes.add("drift not checked: " + DatabaseError.describe(e));
                return Optional.empty();
            }
        }
        try (ScratchDatabase scratch = ScratchDatabase.create(database, "review_drift")) {
            SecuritySurface liveSurface = SecuritySurface.read(connection, settings);
            if (!applied.isEmpty()) {
                new Migrate(new FlywayChain(scratch.settings(), settings, applied)).run();
            }
            SchemaCatalog expected;
            SecuritySurface expectedSurface;
            try (Connection c = scratch.open()) {
                expected = SchemaCatalog.readStructure(c);
                expectedSurface = SecuritySurface.read(c, settings);
            }
            return Optional.of(drift(database, applied, live, liveSurface, expected, expectedSurface, versions));
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

    private static ReviewReport.Drift drift(ConnectionSettings database, List<SchemaMigration> applied, SchemaCatalog live,
                                            SecuritySurface liveSurface, SchemaCatalog expected, SecuritySurface expectedSurface,
                                            String versions) {
        List<ReviewReport.Hazard> isolation = IsolationContract.violations(expectedSurface, liveSurface).stream()
                .map(v -> weakens(v, database.database())).toList();
        return new ReviewReport.Drift(database.database(), applied.size(), live.differencesFrom(expected, database.database(), versions),
                isolation);
    }

    /** A difference the isolation contract does not allow, as an error of the review (no version holds it: version 0). */
    private static ReviewReport.Hazard weakens(SurfaceChange violation, String database) {
        Rule rule = violation.category().rule();
        return new ReviewReport.Hazard(rule.code(), rule.severity().name(), rule.title(), 0, null, 0, 0,
                "drift of " + database + " weakens isolation: " + violation.object() + ": " + violation.description(),
                rule.explanation(), rule.safeAlternative(), null);
    }
}
