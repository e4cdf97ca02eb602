package dev.devagent.ai;

import java.util.Locale;

import org.apache.camel.CamelContext;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/** The state of the AI chat breaker (ai-chat-breaker in ai.camel.yaml), for health and for calls made outside it. */
@Component
public class AiBreaker {

    static final String ID = "ai-chat-breaker";

    private final CamelContext camel;
    private final AiChat ai;

    AiBreaker(@Lazy CamelContext camel, AiChat ai) {
        this.camel = camel;
        this.ai = ai;
    }

    /** closed, open, half_open, ...; null when no model is configured or the route is not up yet. */
    public String state() {
        if (!ai.usesModel()) {
            return null;
        }
        ResilienceProcessor breaker = camel.getProcessor(ID, ResilienceProcessor.class);
        return breaker == null ? null : breaker.getCircuitBreakerState().toLowerCase(Locale.ROOT);
    }

    public boolean isOpen() {
        String state = state();
        return "open".equals(state) || "forced_open".equals(state);
    }
}
