package dev.devagent.chat;

import java.util.ArrayList;
import java.util.List;

import dev.devagent.ai.ChatAnswer;
import dev.devagent.ai.ChatRequest;
import dev.devagent.ai.Fact;
import dev.devagent.ai.FleetSummary;
import dev.devagent.ai.HistoryTurn;
import dev.devagent.ai.QueryPlan;

/** What the query pipeline carries from step to step (the exchange body). */
public class QueryContext {

    private final ClaimedQuery query;
    private List<HistoryTurn> history = List.of();
    private QueryPlan plan;
    private final List<Fact> facts = new ArrayList<>();
    private ChatAnswer answer;
    private FleetSummary fleet = new FleetSummary(0, 0, 0);

    public QueryContext(ClaimedQuery query) {
        this.query = query;
    }

    public ClaimedQuery query() {
        return query;
    }

    public List<HistoryTurn> history() {
        return history;
    }

    void history(List<HistoryTurn> turns) {
        this.history = List.copyOf(turns);
    }

    public QueryPlan plan() {
        return plan;
    }

    void plan(QueryPlan plan) {
        this.plan = plan;
    }

    public List<Fact> facts() {
        return facts;
    }

    public FleetSummary fleet() {
        return fleet;
    }

    void fleet(FleetSummary summary) {
        this.fleet = summary;
    }

    public ChatAnswer answer() {
        return answer;
    }

    void answer(ChatAnswer answer) {
        this.answer = answer;
    }

    public ChatRequest toChatRequest() {
        return new ChatRequest(query.id(), query.conversationId(), query.userId(), query.text(), plan, history,
                List.copyOf(facts), fleet);
    }
}
