package dev.devagent.ai;

import java.util.List;
import java.util.Objects;

import org.springframework.stereotype.Component;

/**
 * Answers without any network: composes the reply from the retrieved facts, says plainly that it is
 * offline, and what the agent knows so far. Same input, same answer.
 */
@Component
public class OfflineChatProvider implements ChatProvider {

    static final String NAME = "offline";
    static final String MODEL = "rule-based-v1";
    static final int MAX_FACTS = 12;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public ChatAnswer chat(ChatRequest request) {
        StringBuilder answer = new StringBuilder();
        answer.append("**Offline answer** — no language model is configured, so this reply is composed from ")
                .append("the indexed fleet data only.\n\n");
        Intent intent = request.plan() == null ? Intent.OTHER : request.plan().intent();
        answer.append(intentLine(intent, request.plan())).append("\n\n");
        previousTurn(request.history(), request.question()).ifPresent(line -> answer.append(line).append("\n\n"));

        FleetSummary fleet = request.fleet();
        if (fleet == null || fleet.isEmpty()) {
            answer.append("Nothing is indexed yet — add repositories (POST /api/repositories) and ask again.");
        } else {
            answer.append("Indexed so far: ").append(plural(fleet.repositories(), "repository", "repositories"))
                    .append(", ").append(plural(fleet.codeChunks(), "code chunk", "code chunks"))
                    .append(", ").append(plural(fleet.packages(), "package", "packages")).append('.');
        }
        List<Fact> facts = request.facts().stream().limit(MAX_FACTS).toList();
        if (!facts.isEmpty()) {
            answer.append("\n\nWhat I found:\n");
            for (Fact fact : facts) {
                answer.append("- ").append(fact.text());
                if (fact.citation() != null && fact.citation().path() != null) {
                    answer.append(" (").append(fact.citation().repository()).append(':')
                            .append(fact.citation().path());
                    if (fact.citation().startLine() != null) {
                        answer.append(" L").append(fact.citation().startLine()).append('-')
                                .append(fact.citation().endLine());
                    }
                    answer.append(')');
                }
                answer.append('\n');
            }
        } else if (fleet != null && !fleet.isEmpty()) {
            answer.append("\n\nI found nothing in the index that matches this question.");
        }
        List<Citation> citations = facts.stream().map(Fact::citation).filter(Objects::nonNull).distinct().toList();
        return new ChatAnswer(answer.toString().strip(), NAME, MODEL, false, citations, 0, 0);
    }

    private static String intentLine(Intent intent, QueryPlan plan) {
        String about = plan == null || plan.terms().isEmpty() ? "" : " (about " + String.join(", ",
                plan.terms().subList(0, Math.min(3, plan.terms().size()))) + ")";
        return switch (intent) {
            case DEPENDENCY -> "This looks like a dependency question" + about
                    + ": I answer those from the dependency graph of the indexed repositories.";
            case SEARCH -> "This looks like a code search" + about
                    + ": I answer those with matching code chunks and their file/line citations.";
            case REPOSITORY -> "This looks like a question about the repositories" + about
                    + ": here is what the fleet index holds.";
            case OTHER -> "I could not tell what kind of question this is" + about
                    + "; ask about dependencies, code or repositories for a precise answer.";
        };
    }

    private static java.util.Optional<String> previousTurn(List<HistoryTurn> history, String question) {
        for (int i = history.size() - 1; i >= 0; i--) {
            HistoryTurn turn = history.get(i);
            if ("user".equals(turn.role()) && !turn.content().equals(question)) {
                return java.util.Optional.of("Following up on your previous question: “" + shorten(turn.content())
                        + "”.");
            }
        }
        return java.util.Optional.empty();
    }

    private static String shorten(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= 140 ? line : line.substring(0, 139) + "…";
    }

    private static String plural(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
