package org.queueservice.schema.migrations.review;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.queueservice.schema.migrations.review.ReviewReport.ApiImpact;

/**
 * The public API of the generated code that the queue service compiles against: every {@code public}
 * declaration (class, field, constructor, method) of {@code generated-sources/src/main/java}, read
 * structurally from the source text, which jOOQ writes one declaration per statement. A declaration is
 * identified by its class, name and parameter types; one that is gone is removed, and a removed and an
 * added one of the same class and name (a field's type, a constructor's arguments) are one change.
 */
final class ApiSurface {

    static final String SOURCES = "generated-sources/src/main/java";

    private static final Pattern NAME_BEFORE_PARAMETERS = Pattern.compile("(\\w+)\\s*\\(");

    private ApiSurface() {
    }

    static ApiImpact impact(GitRepository git, String base) {
        Map<String, String> before = new TreeMap<>();
        for (String file : git.filesAt(base, SOURCES)) {
            if (file.endsWith(".java")) {
                before.putAll(declarations(file, git.show(base, file)));
            }
        }
        Map<String, String> after = new TreeMap<>();
        for (String file : git.workingTreeFiles()) {
            if (file.startsWith(SOURCES + "/") && file.endsWith(".java") && Files.exists(git.root().resolve(file))) {
                after.putAll(declarations(file, git.workingFile(file)));
            }
        }
        List<String> removedKeys = before.keySet().stream().filter(k -> !after.containsKey(k)).toList();
        List<String> addedKeys = after.keySet().stream().filter(k -> !before.containsKey(k)).toList();
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> added = new ArrayList<>(addedKeys.stream().map(after::get).toList());
        for (String key : before.keySet()) {
            if (after.containsKey(key) && !after.get(key).equals(before.get(key))) {
                changed.add(before.get(key) + " -> " + after.get(key));
            }
        }
        for (String key : removedKeys) {
            List<String> sameName = addedKeys.stream().filter(k -> member(k).equals(member(key))).toList();
            if (sameName.size() == 1 && removedKeys.stream().filter(k -> member(k).equals(member(key))).count() == 1) {
                changed.add(before.get(key) + " -> " + after.get(sameName.get(0)));
                added.remove(after.get(sameName.get(0)));
            } else {
                removed.add(before.get(key));
            }
        }
        return new ApiImpact(removed, changed, added);
    }

    /** {@code class#name(parameter types)} to {@code Class: declaration}, for every public declaration of a file. */
    static Map<String, String> declarations(String file, String source) {
        String type = file.substring(file.lastIndexOf('/') + 1).replaceFirst("\\.java$", "");
        String packaged = file.substring(SOURCES.length() + 1).replaceFirst("\\.java$", "").replace('/', '.')
                .replaceFirst("^org\\.queueservice\\.schema\\.(generated\\.)?", "");
        Map<String, String> declarations = new TreeMap<>();
        List<String> lines = source.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).stripLeading().startsWith("public ")) {
                continue;
            }
            StringBuilder text = new StringBuilder(lines.get(i).strip());
            while (!complete(text) && i + 1 < lines.size()) {
                text.append(' ').append(lines.get(++i).strip());
            }
            String declaration = head(text.toString());
            declarations.put(packaged + "#" + identity(declaration, type), packaged + ": " + declaration);
        }
        return declarations;
    }

    private static String member(String key) {
        return key.replaceFirst("\\(.*$", "");
    }

    private static boolean complete(StringBuilder text) {
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth == 0 && (c == '{' || c == ';' || c == '=')) {
                return true;
            }
        }
        return false;
    }

    /** The declaration without its body or initializer. */
    private static String head(String text) {
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth == 0 && (c == '{' || c == ';' || c == '=')) {
                return text.substring(0, i).strip().replaceAll("\\s+", " ").replace("( ", "(").replace(" )", ")");
            }
        }
        return text.replaceAll("\\s+", " ");
    }

    private static String identity(String declaration, String type) {
        if (declaration.matches(".*\\b(class|interface|enum|record) " + type + "\\b.*") && !declaration.contains("(")) {
            return type;
        }
        Matcher method = NAME_BEFORE_PARAMETERS.matcher(declaration);
        if (method.find()) {
            String parameters = declaration.substring(method.end(), declaration.lastIndexOf(')'));
            List<String> types = new ArrayList<>();
            for (String parameter : splitParameters(parameters)) {
                String p = parameter.strip();
                if (!p.isEmpty()) {
                    types.add(p.substring(0, p.lastIndexOf(' ') < 0 ? p.length() : p.lastIndexOf(' ')).strip());
                }
            }
            return method.group(1) + "(" + String.join(",", types) + ")";
        }
        String[] words = declaration.split(" ");
        return words[words.length - 1];
    }

    private static List<String> splitParameters(String parameters) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < parameters.length(); i++) {
            char c = parameters.charAt(i);
            depth += c == '<' ? 1 : c == '>' ? -1 : 0;
            if (depth == 0 && c == ',') {
                parts.add(parameters.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(parameters.substring(start));
        return parts;
    }
}
