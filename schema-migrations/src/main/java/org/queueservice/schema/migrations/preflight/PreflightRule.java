package org.queueservice.schema.migrations.preflight;

import java.util.List;

/** One reason to refuse a migrate before it changes anything, with a code that never changes. */
interface PreflightRule {

    /** {@code PRE1}, {@code PRE2}, ...: printed after each refusal and listed in docs/command-line.md. */
    String code();

    /** Why migrate must not start, one line each; empty when this rule is satisfied. */
    List<String> refusals(PreflightFacts facts);
}
