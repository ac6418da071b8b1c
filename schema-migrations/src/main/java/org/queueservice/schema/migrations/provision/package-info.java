/** Scratch databases and login roles on a test server (a local PostgreSQL or a Testcontainers one), for tests and generation. */
package org.queueservice.schema.migrations.provision;
