/**
 * The next migration, generated: compares what the chain of versions builds with what the model builds
 * (two scratch databases), turns each difference into statements in a lock-friendly form with their down
 * steps ({@code TableChanges}, {@code ColumnChanges}, {@code ConstraintChanges}, {@code IndexChanges}),
 * writes them as jOOQ DSL source, compiles it, and registers it. Run by {@code mvn generate-sources}.
 */
package org.queueservice.schema.migrations.generate;
