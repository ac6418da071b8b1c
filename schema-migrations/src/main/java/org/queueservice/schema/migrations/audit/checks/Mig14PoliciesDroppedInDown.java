package org.queueservice.schema.migrations.audit.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.queueservice.schema.migrations.audit.AuditReport.Severity;

/** From the migrations alone: every policy an up step creates, some down step drops. */
@Check(id = "MIG14", title = "Policies dropped in down migration", section = Section.SECURITY, severity = Severity.HIGH,
        remediation = "Add `DROP POLICY IF EXISTS` for every policy to the down steps.")
final class Mig14PoliciesDroppedInDown implements AuditCheck {

    private static final Pattern CREATE_POLICY = Pattern.compile("create policy (\"\\w+\") on (\"\\w+\")");

    @Override
    public Outcome evaluate(AuditContext context) {
        String up = context.allSql(m -> m.up(context.settings()));
        String down = context.allSql(m -> m.down(context.settings()));
        List<String> created = new ArrayList<>();
        Matcher policies = CREATE_POLICY.matcher(up);
        while (policies.find()) {
            created.add("drop policy if exists " + policies.group(1) + " on " + policies.group(2));
        }
        List<String> problems = created.stream().filter(drop -> !down.contains(drop)).map(drop -> "no down step: " + drop).toList();
        return Outcome.of(problems, created.size() + " policies created by up steps, each dropped by a down step");
    }
}
