/**
 * The schema as PostgreSQL reports it: {@link org.queueservice.schema.migrations.catalog.SchemaCatalog}, read once from
 * pg_catalog, and {@link org.queueservice.schema.migrations.catalog.CatalogSnapshot}, its canonical text
 * ({@code schema.sql}). Used to compare databases (drift, repair, the rollback rehearsal, the generator); depends on nothing
 * else of this module but the name of Flyway's history table ({@code Migrations.HISTORY_TABLE}).
 */
package org.queueservice.schema.migrations.catalog;
