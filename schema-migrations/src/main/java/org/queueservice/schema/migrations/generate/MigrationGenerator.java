package org.queueservice.schema.migrations.generate;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.model.SchemaModel;

/**
 * Writes the next migration: the difference between a model and what a chain of migrations builds, as a
 * new version that takes a database at the chain's last version to the model, with down steps back.
 * Refuses what would lose data without consent, and what it cannot express safely.
 */
public final class MigrationGenerator {

    private static final Pattern DESCRIPTION = Pattern.compile("[A-Z][A-Za-z0-9]*(_[A-Za-z0-9]+)*");

    /** A generated version: its class name, Java source and what it changes. */
    public record GeneratedMigration(String className, String source, List<String> changes) {
    }

    private MigrationGenerator() {
    }

    /**
     * The next version, or empty when the chain already builds the model.
     *
     * @param description the version's name, {@code Add_job_priority}; required when there is a change
     * @param allowDestructive whether changes that lose data may be generated
     */
    public static Optional<GeneratedMigration> generate(SchemaModel model, List<SchemaMigration> chain, String description,
                                                        boolean allowDestructive) {
        ModelComparison comparison = ModelComparison.of(model, chain);
        List<String> differences = comparison.differences();
        if (differences.isEmpty()) {
            return Optional.empty();
        }
        List<ModelChange> changes = new SchemaDiff(model, comparison, new ReleasedSql(chain)).changes();
        if (changes.isEmpty()) {
            throw new UnsupportedChange("the model differs from the migrations in ways the generator does not know:\n  "
                    + String.join("\n  ", differences));
        }
        String summary = changes.stream().map(ModelChange::summary).collect(Collectors.joining("; "));
        if (description == null || description.isBlank()) {
            throw new RefusedChange("the model differs from the migrations (" + summary + "): name the new version, "
                    + "e.g. mvn generate-sources -Dmigration=Add_job_priority");
        }
        if (!DESCRIPTION.matcher(description).matches()) {
            throw new RefusedChange("-Dmigration=" + description + " is not a version description: use words joined by "
                    + "underscores, starting with a capital, e.g. Add_job_priority");
        }
        List<String> destructive = changes.stream().filter(ModelChange::destructive).map(ModelChange::summary).toList();
        if (!destructive.isEmpty() && !allowDestructive) {
            throw new RefusedChange("these changes lose data: " + String.join("; ", destructive)
                    + ". If that is intended, generate them with -Dmigration.allowDestructive=true; the file will say so");
        }
        int version = chain.size() + 1;
        String className = MigrationSource.className(version, description);
        return Optional.of(new GeneratedMigration(className, MigrationSource.render(version, description, changes),
                changes.stream().map(ModelChange::summary).toList()));
    }
}
