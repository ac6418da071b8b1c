package org.queueservice.schema.migrations.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.queueservice.schema.migrations.V3__Seed_rate_limiters;

class MigrationFilesTest {

    @TempDir
    Path module;

    @Test
    void writesTheSourceRegistersTheVersionAndRecordsItsChecksum() throws IOException {
        Path dir = Files.createDirectories(module.resolve(MigrationFiles.PACKAGE_DIR));
        Files.writeString(dir.resolve("Migrations.java"), """
                    static final List<SchemaMigration> ALL = requireConsecutive(List.of(
                            new V1__Create_queue_tables(),
                            new V3__Seed_rate_limiters()
                            // New versions are registered above this line.
                    ));
                """);
        Path checksums = module.resolve(MigrationFiles.CHECKSUMS);
        Files.createDirectories(checksums.getParent());
        Files.writeString(checksums, "1=1452278549\n");
        // Any compiled version will do for the checksum line: V3 stands in for the generated one.
        V3__Seed_rate_limiters compiled = new V3__Seed_rate_limiters();

        MigrationFiles.register(module, new MigrationGenerator.GeneratedMigration("V4__Add_job_priority", "// source\n",
                List.of("add column jobs.priority")), compiled);

        assertThat(dir.resolve("V4__Add_job_priority.java")).hasContent("// source");
        assertThat(Files.readString(dir.resolve("Migrations.java"))).contains("""
                            new V3__Seed_rate_limiters(),
                            new V4__Add_job_priority()
                            // New versions are registered above this line.
                """);
        assertThat(checksums).hasContent("1=1452278549\n3=" + compiled.getChecksum());
        assertThatThrownBy(() -> MigrationFiles.register(module, new MigrationGenerator.GeneratedMigration("V4__Add_job_priority",
                "// again\n", List.of()), compiled)).hasMessageEndingWith("V4__Add_job_priority.java exists already");
    }
}
