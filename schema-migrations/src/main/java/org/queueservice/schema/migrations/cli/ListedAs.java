package org.queueservice.schema.migrations.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How {@code queue-schema --help} lists a command when its own options matter in the overview, e.g.
 * {@code rollback --to VERSION [--dry-run] [--force]}; a command without it is listed by its name. Its
 * own {@code --help} shows the full synopsis that picocli generates.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface ListedAs {
    String value();
}
