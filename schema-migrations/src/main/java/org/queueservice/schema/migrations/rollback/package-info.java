/**
 * Rollback: which versions a rollback undoes, their down steps, and the data those steps would destroy,
 * worked out before anything changes. Uses {@code internal} to read the database; run by
 * {@code QueueSchemaMigrations.rollback}.
 */
package org.queueservice.schema.migrations.rollback;
