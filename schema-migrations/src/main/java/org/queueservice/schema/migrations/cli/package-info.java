/** The {@code queue-schema} command line: parses arguments, calls the public API, prints one-line errors. */
package org.queueservice.schema.migrations.cli;
