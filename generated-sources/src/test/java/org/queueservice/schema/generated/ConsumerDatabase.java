package org.queueservice.schema.generated;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.QueueSchemaMigrations;
import org.queueservice.schema.migrations.provision.ScratchDatabase;

/**
 * The database the consumer project (src/it/consumer) runs against, made the way a deployment makes
 * its own: migrated by schema-migrations, with a login that is only a member of queue_app. The POM runs
 * {@code create} before the invoker builds the project and {@code drop} after it, whatever its result;
 * between the two, the file holds what the invoked build passes to it.
 */
final class ConsumerDatabase {

    private ConsumerDatabase() {
    }

    /** {@code ConsumerDatabase create|drop <properties file>}. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !List.of("create", "drop").contains(args[0])) {
            throw new IllegalArgumentException("usage: ConsumerDatabase create|drop <properties file>");
        }
        Path file = Path.of(args[1]);
        if (args[0].equals("create")) {
            create(file);
        } else {
            drop(file);
        }
    }

    private static void create(Path file) throws Exception {
        ScratchDatabase database = ScratchDatabase.create("consumer");
        new QueueSchemaMigrations(database.settings(), MigrationSettings.DEFAULT).migrate();
        ConnectionSettings app = database.loginAs("queue_app");
        // The tenants service's login: here the server's admin, who owns the stand-in tenants table.
        ConnectionSettings tenants = ScratchDatabase.server();
        Properties properties = new Properties();
        properties.setProperty("queue.url", app.url());
        properties.setProperty("queue.user", app.user());
        properties.setProperty("queue.password", app.password());
        properties.setProperty("tenants.user", tenants.user());
        properties.setProperty("tenants.password", tenants.password());
        properties.setProperty("scratch.database", database.name());
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (Writer out = Files.newBufferedWriter(file)) {
            properties.store(out, null);
        }
    }

    private static void drop(Path file) throws IOException {
        if (!Files.exists(file)) {
            return; // create failed, and said why
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        ScratchDatabase.existing(properties.getProperty("scratch.database"), List.of(properties.getProperty("queue.user"))).close();
        Files.delete(file);
    }
}
