/**
 * {@code queue-schema adopt}: brings a database built by the original Knex migration under
 * queue-schema, online. {@link org.queueservice.schema.migrations.adopt.Adoption} recognises the database
 * ({@code LegacySchema}), checks its rows read-only ({@code AdoptionPreflight}), plans the conversion from the live
 * catalog and the model's own definitions as PostgreSQL reports them ({@code ExpectedSchema},
 * {@code ConversionPlan}) and runs it step by step under the lock timeout ({@code AdoptionStep}); the
 * public API ({@code QueueSchemaMigrations.adopt}) then records the versions with Flyway. Every step is
 * idempotent and the plan is worked out again from the catalog on each run, so an interrupted run is
 * finished by the next. May use the model, {@code catalog}, {@code internal} and {@code OnlineDdl}.
 */
package org.queueservice.schema.migrations.adopt;
