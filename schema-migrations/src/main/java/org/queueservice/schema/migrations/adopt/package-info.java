/**
 * {@code queue-schema adopt}: brings a database built by the original Knex migration under
 * queue-schema, online. {@link org.queueservice.schema.migrations.adopt.Adoption} recognises the database
 * ({@code LegacySchema}), checks its rows read-only ({@code AdoptionPreflight}), plans the conversion from the live
 * catalog and the model's own definitions as PostgreSQL reports them ({@code ExpectedSchema},
 * {@code ConversionPlan}) and runs it step by step under the lock timeout ({@code AdoptionStep});
 * {@link org.queueservice.schema.migrations.adopt.Adopt}, the operation, holds the schema change lock around that
 * and then has the versions recorded by the Flyway of the chain its caller hands in. Every step is
 * idempotent and the plan is worked out again from the catalog on each run, so an interrupted run is
 * finished by the next. May use the model, {@code catalog}, {@code preflight}, {@code internal} and {@code OnlineDdl}.
 */
package org.queueservice.schema.migrations.adopt;
