package org.queueservice.schema.migrations.review;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jooq.tools.json.JSONValue;
import org.queueservice.schema.migrations.review.ReviewReport.Hazard;
import org.queueservice.schema.migrations.review.ReviewReport.StatementReview;
import org.queueservice.schema.migrations.review.ReviewReport.TableEffect;
import org.queueservice.schema.migrations.review.ReviewReport.VersionReview;

/** The review as one JSON object, for machines: the same content as the Markdown, fields in a fixed order. */
final class JsonReport {

    private JsonReport() {
    }

    static String render(ReviewReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("exitCode", report.exitCode());
        json.put("base", report.base());
        json.put("database", report.database());
        json.put("hazards", report.findings().stream().map(JsonReport::hazard).toList());
        json.put("versions", report.versions().stream().map(JsonReport::version).toList());
        json.put("drift", report.drift().map(d -> object("database", d.database(), "appliedVersion", d.appliedVersion(),
                "differences", d.differences())).orElse(null));
        json.put("api", report.api().map(a -> object("removed", a.removed(), "changed", a.changed(), "added", a.added())).orElse(null));
        json.put("notes", report.notes());
        return JSONValue.toJSONString(json) + "\n";
    }

    private static Map<String, Object> hazard(Hazard h) {
        return object("code", h.code(), "severity", h.severity(), "title", h.title(), "version", h.version(), "file", h.file(),
                "line", h.line(), "statement", h.statement(), "message", h.message(), "accepted", h.accepted(), "acceptedReason", h.acceptedReason(),
                "explanation", h.explanation(), "safeAlternative", h.safeAlternative());
    }

    private static Map<String, Object> version(VersionReview v) {
        return object("version", v.version(), "name", v.name(), "file", v.file(), "transactional", v.transactional(),
                "statements", v.statements().stream().map(JsonReport::statement).toList(), "catalogChanges", v.catalogChanges());
    }

    private static Map<String, Object> statement(StatementReview s) {
        List<Map<String, Object>> effects = s.effects().stream().map(JsonReport::effect).toList();
        return object("number", s.number(), "line", s.line(), "sql", s.sql(), "locks", effects, "observed", s.observed());
    }

    private static Map<String, Object> effect(TableEffect e) {
        return object("table", e.table(), "lock", e.lock(), "blocks", e.blocks(), "cost", e.cost(), "rowEstimate", e.rowEstimate(),
                "bytes", e.bytes(), "lockHeld", e.lockHeld());
    }

    private static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            object.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return object;
    }
}
