/**
 * The {@code queue-schema} command line, on picocli: {@link org.queueservice.schema.migrations.cli.QueueSchemaCommand}
 * is the top command ({@code --help}, {@code --version}, {@code main}); each command is a class of its own
 * ({@code MigrateCommand}, {@code RollbackCommand}, ...) with its own options and help, calling only the public API
 * ({@code QueueSchemaMigrations}, {@code MigrationAudit}, {@code SchemaReview}). Those that read a database extend
 * {@code SchemaCommand}, which takes the connection and settings options as mixins ({@code ConnectionOptions},
 * {@code SettingsOptions}) and reads the recorded settings first. Bad arguments are {@code UsageErrors} (exit 2: an
 * unknown command or option is one line with a did-you-mean, any other mistake its line and the command's help);
 * expected failures are {@code Failures} (one line, exit 1, or 2 for audit and review that could not run; a defect its stack trace and the same code). The
 * overview ({@code Overview}) and each command's help ({@code CommandHelp}) are laid out here; {@code completion}
 * prints the bash completion script picocli generates from the same commands.
 */
package org.queueservice.schema.migrations.cli;
