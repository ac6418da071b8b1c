/**
 * Plumbing shared by the other packages, not an API: running schema steps on a connection, the schema
 * change lock, rolled-back and failed transactions, the tenant set for a transaction, error descriptions, the idempotence rules, building a model
 * directly, table locks and the note on what a statement does to a live table ({@code LockNote}, written
 * by the generator and printed by adopt). Public only so that sibling packages can reach it; nothing outside this module should.
 */
package org.queueservice.schema.migrations.internal;
