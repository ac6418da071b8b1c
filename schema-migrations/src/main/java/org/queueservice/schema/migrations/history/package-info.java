/**
 * A database's Flyway history against a chain of versions: {@code migrate} appends to it ({@link
 * org.queueservice.schema.migrations.history.Migrate}: the refusals first, V1 and V2 in one transaction, versions that
 * stopped half-way resumed, then the tables placed on a Citus coordinator), {@code validate} compares it with the code
 * ({@link org.queueservice.schema.migrations.history.Validation}), {@code info} lists it
 * ({@link org.queueservice.schema.migrations.history.Info}); each says so when the database is the original Knex
 * migration's, which adopt converts. Every scratch database (repair's reference, review's drift and trace, the
 * audit's rehearsal, the generator) is migrated with {@code Migrate}, exactly as an operator's is. Works on a
 * {@code FlywayChain}; uses {@code preflight}, {@code adopt} (to tell a half-adopted database), {@code rollback} (to tell
 * a half rolled back version), {@code citus} and {@code internal}.
 */
package org.queueservice.schema.migrations.history;
