package org.queueservice.schema.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * README.md is the front door and docs/ holds one page per topic: the README stays short, links every page, and no
 * relative link in either leads nowhere, to a file or to a heading (as GitHub names a heading's anchor).
 */
class DocumentationLinksTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path README = ROOT.resolve("README.md");
    private static final int README_MAX_LINES = 300;

    /** {@code [text](target)} or {@code [text](target "title")}; an image's {@code ![alt](...)} is a link too. */
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");

    @Test
    void theReadmeIsAFrontDoorOfAtMost300Lines() throws IOException {
        assertThat(Files.readAllLines(README)).as("lines of README.md; move detail to a page of docs/").hasSizeLessThanOrEqualTo(README_MAX_LINES);
    }

    @Test
    void theReadmeLinksEveryPageOfDocs() throws IOException {
        Set<Path> linked = new LinkedHashSet<>();
        for (String target : links(README)) {
            if (isRelative(target)) {
                linked.add(README.getParent().resolve(pathOf(target)).normalize());
            }
        }
        assertThat(pages()).isNotEmpty().allSatisfy(page -> assertThat(linked)
                .as("README.md links " + ROOT.relativize(page)).contains(page));
    }

    @Test
    void everyRelativeLinkOfTheReadmeAndDocsResolvesToAFileAndHeading() throws IOException {
        List<Path> documents = new ArrayList<>(pages());
        documents.add(0, README);
        List<String> broken = new ArrayList<>();
        for (Path document : documents) {
            for (String target : links(document)) {
                if (!isRelative(target)) {
                    continue;
                }
                String path = pathOf(target);
                Path file = path.isEmpty() ? document : document.getParent().resolve(path).normalize();
                String where = ROOT.relativize(document) + ": " + target;
                if (!Files.exists(file)) {
                    broken.add(where + ": no file " + ROOT.relativize(file));
                } else if (target.contains("#") && !anchors(file).contains(target.substring(target.indexOf('#') + 1))) {
                    broken.add(where + ": no heading with that anchor in " + ROOT.relativize(file));
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void anchorsAreNamedAsGitHubNamesThem() {
        assertThat(anchorsOf(List.of("# The command line", "## Migrate: tables and their isolation together",
                "## Schemas other than `public`", "## What the generator writes, and what each statement costs on a live table",
                "```", "## not a heading inside code", "```", "### The rules", "#### The rules", "###### MIG1: Flyway migrations configured")))
                .containsExactly("the-command-line", "migrate-tables-and-their-isolation-together", "schemas-other-than-public",
                        "what-the-generator-writes-and-what-each-statement-costs-on-a-live-table", "the-rules", "the-rules-1",
                        "mig1-flyway-migrations-configured");
    }

    @Test
    void linksInCodeAreNotLinks() {
        assertThat(linksOf(List.of("see [a page](docs/a.md) and `[not](b.md)`", "```", "[nor](c.md)", "```", "[an anchor](#x \"title\")")))
                .containsExactly("docs/a.md", "#x");
    }

    private static List<Path> pages() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".md")).map(Path::normalize).sorted().toList();
        }
    }

    private static boolean isRelative(String target) {
        return !target.matches("(?i)^[a-z][a-z0-9+.-]*:.*") && !target.startsWith("//");
    }

    /** The file part of a relative link, without its anchor or query; empty for a link within the same document. */
    private static String pathOf(String target) {
        return target.replaceAll("[#?].*$", "");
    }

    private static List<String> links(Path document) throws IOException {
        return linksOf(Files.readAllLines(document));
    }

    private static List<String> linksOf(List<String> lines) {
        List<String> links = new ArrayList<>();
        for (String line : proseOf(lines)) {
            Matcher link = LINK.matcher(CODE_SPAN.matcher(line).replaceAll(""));
            while (link.find()) {
                links.add(link.group(1));
            }
        }
        return links;
    }

    private static Set<String> anchors(Path document) throws IOException {
        return new LinkedHashSet<>(anchorsOf(Files.readAllLines(document)));
    }

    /**
     * GitHub's anchor of each heading: lower case, code marks and punctuation other than {@code -} and {@code _}
     * removed, spaces made {@code -}; a repeated anchor gets {@code -1}, {@code -2}, ...
     */
    private static List<String> anchorsOf(List<String> lines) {
        List<String> anchors = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : proseOf(lines)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String text = heading.group(2).replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
                String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
                int repeats = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(repeats == 0 ? slug : slug + "-" + repeats);
            }
        }
        return anchors;
    }

    /** The lines outside fenced code blocks. */
    private static List<String> proseOf(List<String> lines) {
        List<String> prose = new ArrayList<>();
        String fence = null;
        for (String line : lines) {
            Matcher opening = FENCE.matcher(line);
            if (fence == null && opening.find()) {
                fence = opening.group(1);
            } else if (fence != null && line.strip().startsWith(fence)) {
                fence = null;
            } else if (fence == null) {
                prose.add(line);
            }
        }
        return prose;
    }
}
