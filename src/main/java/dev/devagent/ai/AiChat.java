package dev.devagent.ai;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * The model behind {@code direct:ai-chat}: the configured provider, with the offline composer as the
 * fallback the route's circuit breaker switches to. Records the seed's AI metrics.
 */
@Component("aiChat")
public class AiChat {

    static final int OFFLINE_WORDS_PER_TOKEN = 6;

    private final ChatProvider primary;
    private final OfflineChatProvider offline;
    private final MeterRegistry meters;

    private final TokenStream tokens;
    private final QueryCancellation cancellation;

    AiChat(List<ChatProvider> providers, OfflineChatProvider offline, MeterRegistry meters, TokenStream tokens,
           QueryCancellation cancellation) {
        this.tokens = tokens;
        this.cancellation = cancellation;
        // the first non-offline provider wins; with no LLM configured the offline one is primary
        this.primary = providers.stream().filter(p -> p != offline).findFirst().orElse(offline);
        this.offline = offline;
        this.meters = meters;
        // token and cost counters exist from the start (at 0): dashboards show "none yet", not "no data"
        for (ChatProvider provider : java.util.List.of(primary, offline).stream().distinct().toList()) {
            meters.counter("ai_cost_usd", "provider", provider.name(), "model", provider.model());
            for (String type : new String[] {"prompt", "completion"}) {
                meters.counter("ai_tokens", "provider", provider.name(), "model", provider.model(), "type", type);
            }
        }
    }

    public ChatAnswer chat(ChatRequest request) {
        ChatAnswer answer = timed(primary, request);
        return primary == offline ? streamed(request, answer) : answer;
    }

    /** Used by the breaker's fallback: an honest offline answer, marked degraded when an LLM was expected. */
    public ChatAnswer fallback(ChatRequest request) {
        // a model call stopped because the user cancelled is not a failure to cover with another answer
        if (request.queryId() != null && cancellation.isCancelled(request.queryId())) {
            throw new java.util.concurrent.CancellationException("query " + request.queryId() + " was cancelled");
        }
        ChatAnswer answer = streamed(request, timed(offline, request));
        return primary == offline ? answer : answer.asDegraded();
    }

    /** Offline answers stream too (a few words per token event), so clients show every answer the same way. */
    private ChatAnswer streamed(ChatRequest request, ChatAnswer answer) {
        if (request.queryId() == null || request.conversationId() == null) {
            return answer;
        }
        String[] words = answer.text().split("(?<=\\s)");
        StringBuilder piece = new StringBuilder();
        int index = 0;
        for (int i = 0; i < words.length; i++) {
            piece.append(words[i]);
            if ((i + 1) % OFFLINE_WORDS_PER_TOKEN == 0 || i == words.length - 1) {
                tokens.token(request.conversationId(), request.queryId(), index++, piece.toString());
                piece.setLength(0);
            }
        }
        return answer;
    }

    public String primaryProvider() {
        return primary.name();
    }

    public String primaryModel() {
        return primary.model();
    }

    /** True when a real model (not the offline composer) answers. */
    public boolean usesModel() {
        return primary != offline;
    }

    /** A conversation title: from the cheap model when there is one, else the question's first words. */
    public String title(String question) {
        if (primary instanceof OpenAiChatProvider openAi) {
            try {
                return openAi.title(question);
            } catch (RuntimeException e) {
                return Titles.fromQuestion(question);
            }
        }
        return Titles.fromQuestion(question);
    }

    private ChatAnswer timed(ChatProvider provider, ChatRequest request) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "success";
        try {
            return provider.chat(request);
        } catch (RuntimeException e) {
            outcome = "error";
            throw e;
        } finally {
            sample.stop(Timer.builder("ai_request_duration")
                    .description("Duration of AI provider calls")
                    .tags("provider", provider.name(), "model", provider.model(), "type", "answer", "outcome", outcome)
                    .publishPercentileHistogram()
                    .register(meters));
        }
    }
}
