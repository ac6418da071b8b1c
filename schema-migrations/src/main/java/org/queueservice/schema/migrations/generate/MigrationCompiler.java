package org.queueservice.schema.migrations.generate;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.queueservice.schema.migrations.SchemaMigration;

/**
 * Compiles a generated migration in process and loads it, so that the build that generated it can migrate
 * through it at once (to regenerate the jOOQ classes), and tests can apply what the generator wrote.
 */
public final class MigrationCompiler {

    private MigrationCompiler() {
    }

    /** Compiles {@code source} (class {@code className} of the migrations package) below {@code workDir} and instantiates it. */
    public static SchemaMigration load(String className, String source, Path workDir) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("no Java compiler in this runtime (" + System.getProperty("java.home")
                    + "): generating a migration needs a JDK");
        }
        try {
            Path sources = Files.createDirectories(workDir.resolve("src/org/queueservice/schema/migrations"));
            Path classes = Files.createDirectories(workDir.resolve("classes"));
            Path file = sources.resolve(className + ".java");
            Files.writeString(file, source, StandardCharsets.UTF_8);
            StringWriter errors = new StringWriter();
            boolean compiled = compiler.getTask(errors, null, null,
                    List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(), "-proc:none",
                            "-encoding", "UTF-8"),
                    null, compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(file)).call();
            if (!compiled) {
                throw new IllegalStateException("the generated " + className + " does not compile:\n" + errors);
            }
            ClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, SchemaMigration.class.getClassLoader());
            return (SchemaMigration) loader.loadClass("org.queueservice.schema.migrations." + className)
                    .getDeclaredConstructor().newInstance();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the generated " + className + " cannot be loaded: " + e, e);
        }
    }
}
