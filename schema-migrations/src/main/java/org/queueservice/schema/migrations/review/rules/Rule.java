package org.queueservice.schema.migrations.review.rules;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a {@link HazardRule} is, as the report and docs/reviewing.md show it: declared on the rule's class, or on the
 * constant of {@code security.SurfaceCategory} that a change of the security surface is classified by.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.FIELD})
public @interface Rule {

    /** Stable code, e.g. {@code QS101}: never reused for another rule, named by {@code @AcceptsHazard}. */
    String code();

    Severity severity();

    String title();

    /** Why it is a hazard, in one paragraph. */
    String explanation();

    /** What to write instead. */
    String safeAlternative();
}
