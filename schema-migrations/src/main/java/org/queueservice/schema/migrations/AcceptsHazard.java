package org.queueservice.schema.migrations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A hazard that {@code queue-schema review} reports on this version and that its author accepts, with the
 * reason, for example {@code @AcceptsHazard(code = "QS110", reason = "jobs.note was deprecated in 1.1 and is
 * no longer read")}. The review still shows the hazard, marked accepted with the reason, and it no longer
 * fails the verdict. An annotation names one code and covers every report of that code in the version.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(AcceptsHazard.List.class)
public @interface AcceptsHazard {

    /** The rule's stable code, e.g. {@code QS110}. */
    String code();

    /** Why the hazard is acceptable here: shown in the report next to the hazard. */
    String reason();

    /** The container of repeated {@link AcceptsHazard} annotations. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface List {
        AcceptsHazard[] value();
    }
}
