package org.queueservice.schema.generated;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * What the queue service gets by depending on generated-sources, as Maven resolves it (the
 * dependency plugin lists the compile and runtime classpath into target/ before the tests): the
 * generated classes, TenantContext and jOOQ, and nothing of the DDL model or the migrations.
 */
class ServiceDependencyTest {

    @Test
    void theServiceClasspathHoldsJooqAndNoPartOfTheSchemaProject() throws IOException {
        List<String> classpath = Files.readAllLines(Path.of("target", "service-classpath.txt")).stream()
                .map(String::strip).filter(line -> line.matches("[\\w.-]+:[\\w.-]+:jar:.*")).toList();

        assertThat(classpath).anyMatch(line -> line.startsWith("org.jooq:jooq:jar:"));
        assertThat(classpath).noneMatch(line -> line.startsWith("org.queueservice:"));
        assertThat(classpath).noneMatch(line -> line.startsWith("org.flywaydb:"));
    }

    @Test
    void theTenantApiIsInThisModule() throws ClassNotFoundException {
        assertThat(Class.forName("org.queueservice.schema.tenant.TenantContext").getProtectionDomain().getCodeSource().getLocation()
                .getPath()).contains("generated-sources");
    }
}
