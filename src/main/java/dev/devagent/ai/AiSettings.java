package dev.devagent.ai;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The AI gateway's settings ({@code agent.ai.*}; env names in application.yaml). */
@ConfigurationProperties("agent.ai")
public record AiSettings(
        @DefaultValue("") String openaiApiKey,
        @DefaultValue("https://api.openai.com/v1") String openaiBaseUrl,
        @DefaultValue("gpt-4o-mini") String model,
        @DefaultValue("gpt-4o-mini") String cheapModel,
        @DefaultValue("60s") Duration requestTimeout,
        @DefaultValue("4") int maxConcurrent,
        @DefaultValue("3") int maxToolRounds,
        @DefaultValue("24h") Duration cacheTtl,
        @DefaultValue("local") String embeddingProvider,
        @DefaultValue("text-embedding-3-small") String embeddingModel,
        @DefaultValue("384") int embeddingDimensions,
        Map<String, Price> prices,
        @DefaultValue("false") boolean speculativeAnswer,
        @DefaultValue("50ms") Duration tokenFlushInterval) {

    public boolean openAiConfigured() {
        return openaiApiKey != null && !openaiApiKey.isBlank();
    }

    /** USD per 1,000 tokens. */
    public record Price(double prompt, double completion) {
    }

    public double cost(String modelName, long promptTokens, long completionTokens) {
        Price price = prices == null ? null : prices.get(modelName);
        return price == null ? 0 : (promptTokens * price.prompt() + completionTokens * price.completion()) / 1000.0;
    }
}
