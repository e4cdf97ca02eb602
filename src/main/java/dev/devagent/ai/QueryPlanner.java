package dev.devagent.ai;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

/**
 * The offline, rule-based planner: recognises the intent of a question from its words, pulls out the
 * names it mentions (packages, repositories, identifiers) and picks the tools to run. Deterministic.
 */
@Component("queryPlanner")
public class QueryPlanner {

    private static final Pattern QUOTED = Pattern.compile("[`\"“'‘]([^`\"”'’]{2,120})[`\"”'’]");
    private static final Pattern TARGET_VERSION = Pattern.compile("\\bto v?(\\d+(?:\\.\\d+){0,2})\\b");
    private static final Pattern WORD = Pattern.compile("[@A-Za-z0-9][@A-Za-z0-9._/:-]*[A-Za-z0-9]");
    private static final Set<String> STOP = Set.of(
            "the", "and", "for", "are", "our", "who", "what", "which", "where", "when", "how", "does", "did",
            "with", "that", "this", "from", "into", "have", "has", "use", "uses", "using", "used", "can", "you",
            "all", "any", "there", "their", "them", "they", "its", "it's", "about", "show", "tell", "list",
            "find", "search", "code", "repo", "repos", "repository", "repositories", "service", "services",
            "depend", "depends", "dependency", "dependencies", "dependent", "dependents", "version", "versions",
            "package", "packages", "library", "libraries", "bump", "upgrade", "break", "breaks", "impact", "if",
            "we", "do", "is", "in", "on", "of", "to", "a", "an", "at", "by", "be", "or", "as", "me", "my", "i",
            "was", "were", "will", "would", "should", "could", "please", "than", "then", "also", "else", "not");

    private static final Map<Intent, List<String>> CUES = Map.of(
            Intent.DEPENDENCY, List.of("depend", "dependency", "dependencies", "dependent", "version", "package",
                    "librar", "upgrade", "bump", "break", "impact", "npm", "maven", "nuget", "pom.xml",
                    "package.json", "go.mod", "requirements", "consum", "transitive"),
            Intent.SEARCH, List.of("where", "find", "search", "how do we", "how does", "how is", "implement",
                    "function", "method", "class", "defined", "handle", "validate", "code that", "snippet",
                    "example of", "call"),
            Intent.REPOSITORY, List.of("repositor", "repo", "service", "project", "fleet", "indexed", "codebase",
                    "what do you know", "list"));

    private final ToolRegistry tools;

    QueryPlanner(ToolRegistry tools) {
        this.tools = tools;
    }

    public QueryPlan plan(String question, List<HistoryTurn> history) {
        String text = question.toLowerCase(Locale.ROOT);
        Intent intent = classify(text);
        List<String> terms = terms(question);
        List<ToolCall> calls = new ArrayList<>();
        String subject = terms.isEmpty() ? "" : terms.get(0);
        switch (intent) {
            case DEPENDENCY -> {
                if (!subject.isEmpty()) {
                    add(calls, "dependents", Map.of("package", subject));
                    add(calls, "dependencies", Map.of("repository", subject));
                    if (text.contains("break") || text.contains("bump") || text.contains("upgrade")
                            || text.contains("impact")) {
                        Matcher target = TARGET_VERSION.matcher(text);
                        add(calls, "impact", target.find() ? Map.of("package", subject, "version", target.group(1))
                                : Map.of("package", subject));
                    }
                } else {
                    add(calls, "list_repositories", Map.of());
                }
            }
            case SEARCH -> add(calls, "search_code", Map.of("query", question));
            case REPOSITORY -> {
                add(calls, "list_repositories", Map.of());
                if (!subject.isEmpty()) {
                    add(calls, "describe_repository", Map.of("repository", subject));
                }
            }
            case OTHER -> add(calls, "search_code", Map.of("query", question));
        }
        return new QueryPlan(intent, terms, List.copyOf(calls));
    }

    static Intent classify(String text) {
        Intent best = Intent.OTHER;
        int bestScore = 0;
        // fixed order breaks ties: a dependency question about services is a dependency question
        for (Intent intent : List.of(Intent.DEPENDENCY, Intent.SEARCH, Intent.REPOSITORY)) {
            int score = 0;
            for (String cue : CUES.get(intent)) {
                if (text.contains(cue)) {
                    score++;
                }
            }
            if (score > bestScore) {
                best = intent;
                bestScore = score;
            }
        }
        return best;
    }

    static List<String> terms(String question) {
        Set<String> terms = new LinkedHashSet<>();
        Matcher quoted = QUOTED.matcher(question);
        while (quoted.find()) {
            terms.add(quoted.group(1).trim());
        }
        Matcher words = WORD.matcher(question);
        while (words.find()) {
            String word = words.group();
            String lower = word.toLowerCase(Locale.ROOT);
            if (lower.matches("v?\\d+(\\.\\d+)*")) {
                // a version number is not a name
                continue;
            }
            boolean notable = word.matches(".*[./@:-].*") || !word.equals(lower) && word.length() > 2;
            if (!STOP.contains(lower) && (notable || word.length() > 3)) {
                terms.add(word);
            }
        }
        // names with punctuation or capitals first: they are most likely packages or repositories
        List<String> ordered = new ArrayList<>(terms.stream().filter(t -> t.matches(".*[./@:A-Z-].*")).toList());
        terms.stream().filter(t -> !ordered.contains(t)).forEach(ordered::add);
        return List.copyOf(ordered.subList(0, Math.min(ordered.size(), 8)));
    }

    private void add(List<ToolCall> calls, String tool, Map<String, String> arguments) {
        if (tools.has(tool)) {
            calls.add(new ToolCall(tool, arguments));
        }
    }
}
