package org.queueservice.schema.migrations.review;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.queueservice.schema.migrations.Migrations;
import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.generate.MigrationCompiler;
import org.queueservice.schema.migrations.generate.MigrationFiles;

/**
 * A throwaway git repository laid out like this one: the released versions' sources committed on
 * {@code main} with the checksums and scripts they were released with, to which a test adds a next version's source (compiled, to be reviewed) as a pull request would.
 */
final class GitFixture {

    static final String MIGRATIONS = "schema-migrations/src/main/java/org/queueservice/schema/migrations/";

    private final Path root;

    GitFixture(Path root) {
        this.root = root;
    }

    /** A repository whose {@code main} holds the released versions' sources (or nothing, when {@code empty}). */
    static GitFixture withReleasedVersions(Path root, boolean empty) throws IOException {
        GitFixture git = new GitFixture(Files.createDirectories(root));
        git.run("init", "-q", "-b", "main");
        git.run("config", "user.email", "review@example.org");
        git.run("config", "user.name", "review test");
        Files.createDirectories(root.resolve(MIGRATIONS));
        if (!empty) {
            for (SchemaMigration migration : Migrations.all()) {
                git.copyReleased(migration);
            }
            git.copyModuleFile(MigrationFiles.CHECKSUMS);
        }
        git.run("add", "-A");
        git.run("commit", "-q", "--allow-empty", "-m", "base");
        return git;
    }

    Path root() {
        return root;
    }

    /** A released version's source and the script it was released with. */
    void copyReleased(SchemaMigration migration) throws IOException {
        String file = MIGRATIONS + migration.getClass().getSimpleName() + ".java";
        Files.copy(Path.of("").toAbsolutePath().resolve(file.substring("schema-migrations/".length())), root.resolve(file));
        copyModuleFile(MigrationFiles.releasedScript(migration.versionNumber()));
    }

    /** A file of this module, at the same place in the fixture's {@code schema-migrations}. */
    void copyModuleFile(String path) throws IOException {
        Path target = root.resolve("schema-migrations").resolve(path);
        Files.createDirectories(target.getParent());
        Files.copy(Path.of("").toAbsolutePath().resolve(path), target);
    }

    /** Writes a next version's source where it belongs, compiles and loads it, and returns the released chain with it. */
    List<SchemaMigration> withNext(String className, String source, Path build) throws IOException {
        write(MIGRATIONS + className + ".java", source);
        List<SchemaMigration> chain = new ArrayList<>(Migrations.all());
        chain.add(MigrationCompiler.load(className, source, build));
        return chain;
    }

    void write(String file, String text) throws IOException {
        Files.createDirectories(root.resolve(file).getParent());
        Files.writeString(root.resolve(file), text, StandardCharsets.UTF_8);
    }

    String run(String... arguments) {
        List<String> command = new ArrayList<>(List.of("git", "-C", root.toString()));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
