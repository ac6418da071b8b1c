package org.queueservice.schema.migrations.review;

import java.util.List;
import java.util.Map;

import org.jooq.tools.json.JSONParser;
import org.jooq.tools.json.ParseException;

/** The review's JSON read back with jOOQ's parser, typed for assertions: its objects are raw maps and lists. */
public final class ParsedJson {

    private ParsedJson() {
    }

    public static Map<String, Object> parse(String text) throws ParseException {
        return object(new JSONParser().parse(text));
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> array(Object value) {
        return (List<Object>) value;
    }
}
