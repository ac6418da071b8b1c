/**
 * The security surface of a database: everything in its catalog that decides who can see which tenant's rows
 * ({@link org.queueservice.schema.migrations.security.SecuritySurface}, read from the catalog by {@code SurfaceReader}),
 * and the isolation contract the released
 * versions establish ({@link org.queueservice.schema.migrations.security.IsolationContract}), judged on one
 * database or on a change between two readings. Read by the audit (TEN8), by review's drift and by its scratch
 * database, and for repair's detection. Uses {@code internal} to query the catalog.
 */
package org.queueservice.schema.migrations.security;
