/**
 * The public surface of the migrations, and the versions themselves. A program that migrates calls
 * {@link org.queueservice.schema.migrations.QueueSchemaMigrations} with {@link org.queueservice.schema.migrations.ConnectionSettings}
 * and {@link org.queueservice.schema.migrations.MigrationSettings}; that facade hands each operation to its package
 * ({@code history}, {@code rollback}, {@code adopt}, {@code repair}, {@code citus}), and no package below it uses it:
 * they get the database, the settings and the chain of versions as a {@link org.queueservice.schema.migrations.FlywayChain},
 * which also configures Flyway for them. Failures arrive as
 * {@link org.queueservice.schema.migrations.MigrationFailure}; the settings a database was migrated with are kept in it by
 * {@link org.queueservice.schema.migrations.RecordedSettings}. The versions ({@code V1__Create_queue_tables}, ...) extend
 * {@link org.queueservice.schema.migrations.SchemaMigration}, are listed in {@link org.queueservice.schema.migrations.Migrations}
 * and never change once released; generated ones use {@link org.queueservice.schema.migrations.OnlineDdl}.
 * May use the model's statement helpers ({@code SchemaStep}, {@code TenantIsolation}, ...), never its table classes.
 */
package org.queueservice.schema.migrations;
