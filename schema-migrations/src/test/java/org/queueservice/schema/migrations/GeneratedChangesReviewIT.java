package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.queueservice.schema.migrations.generate.MigrationCompiler;
import org.queueservice.schema.migrations.generate.MigrationGenerator.GeneratedMigration;
import org.queueservice.schema.migrations.generate.MigrationGenerator;
import org.queueservice.schema.migrations.review.ReviewReport;
import org.queueservice.schema.migrations.review.SchemaReview;
import org.queueservice.schema.model.QueueSchema;

/**
 * What {@code review --url} says of every version the generator writes (the model changes of
 * {@link SchemaEvolutionIT}), against a database at the current version holding two tenants' rows: the
 * generator's lock-friendly forms hold no hazard, and what remains is exactly what the generator's table in
 * docs/changing-the-schema.md calls a cost: a destructive drop, a rewriting type change, a dropped NOT NULL.
 */
class GeneratedChangesReviewIT extends DatabaseIT {

    static final Map<String, List<String>> HAZARDS = Map.of(
            "drop a column", List.of("QS110"),
            "drop a column with a default", List.of("QS110"),
            "change a type with a rewrite", List.of("QS108"),
            "drop NOT NULL", List.of("QS112"));

    @TempDir
    Path workDir;

    @BeforeAll
    void migrateWithRows() throws SQLException {
        migrateAsOwnerWithTwoTenants();
    }

    static Stream<SchemaEvolutionIT.Kind> kinds() {
        return SchemaEvolutionIT.kinds();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theGeneratedVersionHoldsOnlyTheHazardsItsChangeMeans(SchemaEvolutionIT.Kind kind) {
        GeneratedMigration generated = MigrationGenerator.generate(kind.change().apply(QueueSchema.MODEL),
                Migrations.all(), "Test_change", kind.destructive()).orElseThrow();
        List<SchemaMigration> chain = new ArrayList<>(Migrations.all());
        chain.add(MigrationCompiler.load(generated.className(), generated.source(), workDir));

        ReviewReport report = new SchemaReview(chain, MigrationSettings.DEFAULT, workDir, null, database.settings()).run();

        assertThat(report.versions()).extracting(ReviewReport.VersionReview::version).containsExactly(NEXT);
        assertThat(report.codes()).as(generated.source()).containsExactlyElementsOf(HAZARDS.getOrDefault(kind.name(), List.of()));
        assertThat(report.notes()).isEmpty();
        assertThat(report.exitCode()).isEqualTo(kind.destructive() || kind.name().equals("change a type with a rewrite") ? 1 : 0);
    }
}
