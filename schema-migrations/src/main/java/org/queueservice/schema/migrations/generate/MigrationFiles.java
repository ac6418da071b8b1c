package org.queueservice.schema.migrations.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.SchemaMigration;

/**
 * Adds a generated version to the schema-migrations module: its source next to the others, its line in
 * the {@code Migrations} registry, and its checksum in the list of released checksums and its script next to
 * them, which a test holds every version to from then on.
 */
public final class MigrationFiles {

    static final String PACKAGE_DIR = "src/main/java/org/queueservice/schema/migrations";
    /** The checksum of every released version, relative to the module; {@code review --base} reads the base's. */
    public static final String CHECKSUMS = "src/test/resources/org/queueservice/schema/migrations/released-checksums.properties";
    private static final String RELEASED_SCRIPTS = "src/test/resources/org/queueservice/schema/migrations/released/";
    static final String REGISTRY_MARKER = "// New versions are registered above this line.";

    private MigrationFiles() {
    }

    /**
     * The script a released version renders with the default settings (whose CRC32 is its checksum), relative to
     * the module: what {@code review --base} compares the branch's rendering with, statement by statement.
     */
    public static String releasedScript(int version) {
        return RELEASED_SCRIPTS + "V" + version + ".sql";
    }

    public static void register(Path module, MigrationGenerator.GeneratedMigration generated, SchemaMigration compiled) {
        try {
            Path source = module.resolve(PACKAGE_DIR).resolve(generated.className() + ".java");
            if (Files.exists(source)) {
                throw new IllegalStateException(source + " exists already");
            }
            Path registry = module.resolve(PACKAGE_DIR).resolve("Migrations.java");
            List<String> lines = new ArrayList<>(Files.readAllLines(registry, StandardCharsets.UTF_8));
            int marker = lines.indexOf(lines.stream().filter(l -> l.strip().equals(REGISTRY_MARKER)).findFirst()
                    .orElseThrow(() -> new IllegalStateException(registry + " has lost its line '" + REGISTRY_MARKER + "'")));
            int last = marker - 1;
            if (!lines.get(last).stripTrailing().endsWith(",")) {
                lines.set(last, lines.get(last).stripTrailing() + ",");
            }
            String indent = lines.get(marker).substring(0, lines.get(marker).indexOf(REGISTRY_MARKER));
            lines.add(marker, indent + "new " + generated.className() + "()");
            Files.writeString(source, generated.source(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            Files.write(registry, lines, StandardCharsets.UTF_8);
            Files.writeString(module.resolve(CHECKSUMS), compiled.getVersion() + "=" + compiled.getChecksum() + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            Path script = module.resolve(releasedScript(compiled.versionNumber()));
            Files.createDirectories(script.getParent());
            Files.writeString(script, SchemaMigration.script(compiled.up(MigrationSettings.DEFAULT)), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE_NEW);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
