package org.queueservice.schema.migrations.history;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.output.ValidateResult;
import org.queueservice.schema.migrations.FlywayChain;
import org.queueservice.schema.migrations.MigrationFailure;
import org.queueservice.schema.migrations.rollback.Rollback;

/** {@code queue-schema validate}: the applied versions against the code, and how a mismatch is named. */
public final class Validation {

    private final FlywayChain chain;

    public Validation(FlywayChain chain) {
        this.chain = chain;
    }

    /**
     * Fails when an applied migration differs from the code (checksum, description) or one is missing, or
     * when the database is the original Knex migration's, adopted or not yet; returns the versions still
     * pending ("V3"), oldest first.
     */
    public List<String> validate() {
        // With no history, Flyway's validation passes and every version is pending, which says "run migrate";
        // migrate refuses such a database.
        Optional<String> unadopted = Unadopted.of(chain);
        if (unadopted.isPresent()) {
            throw new MigrationFailure("validate failed: " + unadopted.get());
        }
        ValidateResult result;
        try {
            result = result();
        } catch (RuntimeException e) {
            throw MigrationFailure.of("validate", e);
        }
        if (!result.validationSuccessful) {
            MigrationInfo failed = Arrays.stream(chain.flyway().info().all())
                    .filter(info -> info.getVersion() != null && info.getState().isFailed()).findFirst().orElse(null);
            if (failed != null) {
                int version = Integer.parseInt(failed.getVersion().getVersion());
                // A failed version is named first, with its way out; whatever else differs must not hide behind it.
                String others = problems(result, failed.getVersion().getVersion()).map(p -> " Other problems: " + p).orElse("");
                if (Rollback.halfRolledBack(failed)) {
                    throw new MigrationFailure("validate failed: V" + version + " " + failed.getDescription() + " is half rolled back "
                            + "(its down steps commit one by one and one failed; rollback says why). Fix what it names, such as a "
                            + "lock held past the lock timeout, then run rollback --to " + (version - 1) + " to finish undoing it, "
                            + "or migrate to apply it again." + others);
                }
                throw new MigrationFailure("validate failed: V" + version + " " + failed.getDescription() + " stopped half-way "
                        + "(its steps commit one by one and one failed; migrate says why). Fix what it names, such as rows "
                        + "that break a new constraint, then run migrate to finish it, or rollback --to " + (version - 1)
                        + " to undo it." + others);
            }
            throw new MigrationFailure("validate failed: " + problems(result));
        }
        return chain.pending("validate");
    }

    /**
     * Flyway's validation of the applied versions. A version not yet applied is no mismatch: validating a
     * database before a release is deployed to it must pass, so pending versions are ignored as well as
     * Flyway's default, future ones.
     */
    private ValidateResult result() {
        return Flyway.configure().configuration(chain.flyway().getConfiguration())
                .ignoreMigrationPatterns("*:future", "*:pending").load().validateWithResult();
    }

    /**
     * Flyway's own message for a migrate it refused to start says only "Migrations have failed validation":
     * validate again to name each version, as validate does, falling back to that line if this fails too.
     */
    MigrationFailure invalid(String operation, FlywayValidateException refused) {
        try {
            ValidateResult result = result();
            if (!result.validationSuccessful) {
                return new MigrationFailure(operation + " failed: " + problems(result), refused);
            }
        } catch (RuntimeException again) {
            refused.addSuppressed(again);
        }
        return MigrationFailure.of(operation, refused);
    }

    /**
     * Each invalid version on one line. Flyway ends a checksum or description mismatch with "Either revert the
     * changes to the migration, or run repair to update the schema history": queue-schema's repair refuses a
     * version whose checksum differs and sends the operator to validate, so that advice is replaced by ours.
     */
    private static String problems(ValidateResult result) {
        return problems(result, null).orElse(result.getAllErrorMessages());
    }

    /** {@link #problems(ValidateResult)} of every invalid version but {@code except}; empty when there is none. */
    private static Optional<String> problems(ValidateResult result, String except) {
        return result.invalidMigrations.stream()
                .filter(m -> except == null || !except.equals(m.version))
                .map(m -> {
                    String message = m.errorDetails.errorMessage.lines()
                            .filter(line -> !line.startsWith("Either revert the changes")).collect(Collectors.joining(" "));
                    boolean changed = m.errorDetails.errorCode == CoreErrorCode.CHECKSUM_MISMATCH
                            || m.errorDetails.errorCode == CoreErrorCode.DESCRIPTION_MISMATCH;
                    return "V" + m.version + ": " + message + (changed ? "; the code of an applied version changed: "
                            + "restore it (a released version never changes; a schema change is a new version)" : "");
                })
                .reduce((a, b) -> a + "; " + b);
    }
}
