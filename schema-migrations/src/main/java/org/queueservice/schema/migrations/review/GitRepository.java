package org.queueservice.schema.migrations.review;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.queueservice.schema.migrations.MigrationFailure;

/**
 * The git repository a review runs in, read through the {@code git} command: the files of the working tree
 * and of a base revision, and a file's text at that revision. Every failure is a one-line
 * {@link MigrationFailure}: the review cannot run.
 */
final class GitRepository {

    private final Path root;

    private GitRepository(Path root) {
        this.root = root;
    }

    /** The repository that holds {@code directory}. */
    static GitRepository at(Path directory) {
        return new GitRepository(Path.of(new GitRepository(directory).git("rev-parse", "--show-toplevel").strip()));
    }

    /** Fails unless the history is complete and holds {@code base}: what {@code --base} compares with. */
    void requireBase(String base) {
        if (git("rev-parse", "--is-shallow-repository").strip().equals("true")) {
            throw new MigrationFailure("review --base " + base + ": " + root + " is a shallow clone, so " + base
                    + " may be missing; fetch the full history (actions/checkout with fetch-depth: 0, or git fetch --unshallow)");
        }
        try {
            git("rev-parse", "--verify", "--quiet", base + "^{commit}");
        } catch (MigrationFailure e) {
            throw new MigrationFailure("review --base " + base + ": no such commit or branch in " + root
                    + " (fetch it, or name an existing ref such as origin/main)");
        }
    }

    Path root() {
        return root;
    }

    /** Every file of the working tree that git tracks or would track, relative to the root. */
    List<String> workingTreeFiles() {
        return lines(git("ls-files", "--cached", "--others", "--exclude-standard"));
    }

    /** Every file at {@code revision} below {@code directory}, relative to the root. */
    List<String> filesAt(String revision, String directory) {
        return lines(git("ls-tree", "-r", "--name-only", revision, "--", directory));
    }

    /** A file of the working tree as it is now, edits included. */
    String workingFile(String path) {
        try {
            return Files.readString(root.resolve(path));
        } catch (IOException e) {
            throw new MigrationFailure("review: cannot read " + root.resolve(path) + ": " + e.getMessage(), e);
        }
    }

    String show(String revision, String path) {
        return git("show", revision + ":" + path);
    }

    private static List<String> lines(String output) {
        return Arrays.stream(output.split("\n")).filter(line -> !line.isBlank()).toList();
    }

    private String git(String... arguments) {
        List<String> command = new ArrayList<>(List.of("git", "-C", root.toString()));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            String error = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new MigrationFailure("review: git " + String.join(" ", arguments) + " failed in " + root + ": "
                        + (error.isEmpty() ? "exit " + process.exitValue() : error.lines().findFirst().orElse(error)));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MigrationFailure("review: cannot run git (" + e.getMessage() + "); --base needs git on the PATH", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationFailure("review: interrupted while running git", e);
        }
    }
}
