/**
 * {@code mvn generate-sources}: generates the next migration when the model changed, then the jOOQ
 * classes and {@code schema.sql} of the generated-sources module from a scratch database.
 */
package org.queueservice.schema.migrations.codegen;
