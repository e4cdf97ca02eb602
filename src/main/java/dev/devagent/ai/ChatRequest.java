package dev.devagent.ai;

import java.util.List;
import java.util.UUID;

/** Everything a chat provider needs to answer one question; retrieved text stays separate from instructions. */
public record ChatRequest(String queryId, UUID conversationId, UUID userId, String question, QueryPlan plan,
                          List<HistoryTurn> history, List<Fact> facts, FleetSummary fleet) {

    public ChatRequest {
        history = history == null ? List.of() : List.copyOf(history);
        facts = facts == null ? List.of() : List.copyOf(facts);
    }
}
