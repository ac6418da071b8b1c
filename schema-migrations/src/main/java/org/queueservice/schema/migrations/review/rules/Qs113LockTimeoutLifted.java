package org.queueservice.schema.migrations.review.rules;

import java.util.List;
import java.util.regex.Pattern;

@Rule(code = "QS113", severity = Severity.ERROR, title = "Missing lock_timeout",
        explanation = "queue-schema sets lock_timeout (--lock-timeout, 5 s by default) for every transaction and autocommit step, "
                + "so a statement that waits for a busy table fails fast. A statement that resets lock_timeout or sets it to 0 "
                + "lets the next lock request wait without bound, and every query of the service queues behind it.",
        safeAlternative = "Leave lock_timeout to queue-schema; a deployment that needs longer passes --lock-timeout.")
final class Qs113LockTimeoutLifted implements HazardRule {

    private static final Pattern UNBOUNDED = Pattern.compile("^reset |lock_timeout (to |= ?)'?0(ms|s)?'?$|set_config\\('lock_timeout', '0");

    @Override
    public List<Finding> find(ReviewContext context) {
        return context.actions(ActionKind.LOCK_TIMEOUT).stream()
                .filter(a -> UNBOUNDED.matcher(a.action().clause()).find())
                .map(a -> a.finding("`" + a.action().clause() + "` removes the lock timeout: the next lock wait has no bound"))
                .toList();
    }
}
