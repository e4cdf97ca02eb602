package dev.devagent.search;

import java.util.List;
import java.util.Map;

import dev.devagent.ai.AgentTool;
import dev.devagent.ai.Citation;
import dev.devagent.ai.Fact;
import org.springframework.stereotype.Component;

/** Tool: code chunks that match a question, each cited by repository, file, lines and commit. */
@Component
class SearchCodeTool implements AgentTool {

    static final int HITS = 5;

    private final CodeSearch search;

    SearchCodeTool(CodeSearch search) {
        this.search = search;
    }

    @Override
    public String name() {
        return "search_code";
    }

    @Override
    public String description() {
        return "Semantic and keyword search over the indexed code; returns snippets with file and line citations.";
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("query", "what to look for, in words or identifiers");
    }

    @Override
    public List<Fact> run(Map<String, String> arguments) {
        String query = arguments.getOrDefault("query", "");
        if (query.isBlank()) {
            return List.of();
        }
        return search.hybrid(query, null, HITS).stream()
                .map(hit -> new Fact(name(), firstLines(hit.snippet()),
                        new Citation(hit.repository(), hit.path(), hit.startLine(), hit.endLine(), hit.commitSha(),
                                null)))
                .toList();
    }

    private static String firstLines(String snippet) {
        String[] lines = snippet.strip().split("\n");
        String head = String.join(" ⏎ ", java.util.Arrays.copyOf(lines, Math.min(3, lines.length))).strip();
        return "`" + (head.length() > 200 ? head.substring(0, 200) + "…" : head) + "`";
    }
}
