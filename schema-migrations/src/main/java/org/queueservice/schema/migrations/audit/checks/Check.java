package org.queueservice.schema.migrations.audit.checks;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.queueservice.schema.migrations.audit.AuditReport.Severity;

/** What an {@link AuditCheck} is, as the report shows it: declared on the check's class. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Check {

    /** Stable id, e.g. {@code MIG9} or {@code TEN3}: never reused for another check. */
    String id();

    String title();

    Section section();

    /** What a failure of the check costs. */
    Severity severity();

    /** What to do when the check fails. */
    String remediation();
}
