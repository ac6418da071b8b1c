/**
 * {@code mvn generate-sources}: generates the next migration when the model changed, then the jOOQ
 * classes and {@code schema.sql} of the generated-sources module from a scratch database, with the
 * enums ({@link org.queueservice.schema.migrations.codegen.ValueEnum}) that type the columns a CHECK
 * constraint limits to a list of the model.
 */
package org.queueservice.schema.migrations.codegen;
