package dev.devagent.ai;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OfflineChatProviderTest {

    private final OfflineChatProvider offline = new OfflineChatProvider();

    private static ChatRequest request(String question, Intent intent, List<HistoryTurn> history, List<Fact> facts,
                                       FleetSummary fleet) {
        return new ChatRequest("query-1-aaaaaaaaa", UUID.randomUUID(), UUID.randomUUID(), question,
                new QueryPlan(intent, List.of("express"), List.of()), history, facts, fleet);
    }

    @Test
    void saysItIsOfflineAndThatNothingIsIndexed() {
        ChatAnswer answer = offline.chat(request("who uses express?", Intent.DEPENDENCY, List.of(), List.of(),
                new FleetSummary(0, 0, 0)));
        assertThat(answer.provider()).isEqualTo("offline");
        assertThat(answer.text()).contains("Offline answer").contains("dependency question (about express)")
                .contains("Nothing is indexed yet");
    }

    @Test
    void listsFactsWithCitationsAndCountsWhatIsIndexed() {
        Citation where = new Citation("acme/api", "src/auth.ts", 10, 24, "abc123", null);
        ChatAnswer answer = offline.chat(request("where do we validate jwts?", Intent.SEARCH,
                List.of(new HistoryTurn("user", "what is indexed?"), new HistoryTurn("assistant", "...")),
                List.of(new Fact("search_code", "verifyJwt() checks the signature", where)),
                new FleetSummary(3, 120, 45)));
        assertThat(answer.text())
                .contains("Indexed so far: 3 repositories, 120 code chunks, 45 packages.")
                .contains("verifyJwt() checks the signature (acme/api:src/auth.ts L10-24)")
                .contains("previous question: “what is indexed?”");
        assertThat(answer.citations()).containsExactly(where);
    }

    @Test
    void isDeterministic() {
        ChatRequest request = request("anything", Intent.OTHER, List.of(), List.of(), new FleetSummary(1, 2, 3));
        assertThat(offline.chat(request)).isEqualTo(offline.chat(request));
    }
}
