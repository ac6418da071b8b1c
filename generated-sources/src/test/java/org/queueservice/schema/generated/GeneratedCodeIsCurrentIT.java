package org.queueservice.schema.generated;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.queueservice.schema.migrations.Migrations;
import org.queueservice.schema.migrations.codegen.CodeGeneration;

/** The drift check: what is committed is exactly what the model in this working tree generates. */
class GeneratedCodeIsCurrentIT {

    @TempDir
    Path regenerated;

    @Test
    void committedGeneratedCodeAndSchemaSnapshotMatchTheModel() throws Exception {
        Path module = Path.of("").toAbsolutePath();
        CodeGeneration.generate(regenerated.resolve("java"), regenerated.resolve("schema.sql"), Migrations.all());

        List<String> drift = new ArrayList<>(CodeGeneration.differences(
                module.resolve("src/main/java").resolve(CodeGeneration.PACKAGE_PATH),
                regenerated.resolve("java").resolve(CodeGeneration.PACKAGE_PATH)));
        drift.addAll(CodeGeneration.differences(module.resolve("schema.sql"), regenerated.resolve("schema.sql")));

        assertThat(drift)
                .as("generated-sources differs from the model; run `mvn generate-sources` and commit the result")
                .isEmpty();
    }
}
