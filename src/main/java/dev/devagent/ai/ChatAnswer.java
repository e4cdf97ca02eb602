package dev.devagent.ai;

import java.util.List;

/** A provider's answer; {@code degraded} is set when a fallback produced it instead of the configured model. */
public record ChatAnswer(String text, String provider, String model, boolean degraded, List<Citation> citations,
                         long promptTokens, long completionTokens) {

    public ChatAnswer asDegraded() {
        return new ChatAnswer(text, provider, model, true, citations, promptTokens, completionTokens);
    }
}
