package dev.devagent.ai;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.TokenUsage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAI-compatible clients, built in one place and only when OPENAI_API_KEY is set. Retries are the
 * routes' decision (maxRetries 0); every call's tokens and duration are recorded by a ChatModelListener.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${agent.ai.openai-api-key:}'.isBlank()")
class OpenAiConfiguration {

    @Bean
    ChatModelListener aiMetricsListener(MeterRegistry meters) {
        return new ChatModelListener() {
            private static final String STARTED = "devagent.started";

            @Override
            public void onRequest(ChatModelRequestContext context) {
                context.attributes().put(STARTED, System.nanoTime());
            }

            @Override
            public void onResponse(ChatModelResponseContext context) {
                String model = context.chatRequest().modelName() == null ? "unknown" : context.chatRequest().modelName();
                record(meters, context.attributes().get(STARTED), model, "success");
                TokenUsage usage = context.chatResponse().tokenUsage();
                if (usage != null) {
                    meters.counter("ai_tokens", "provider", OpenAiChatProvider.NAME, "model", model, "type", "prompt")
                            .increment(usage.inputTokenCount() == null ? 0 : usage.inputTokenCount());
                    meters.counter("ai_tokens", "provider", OpenAiChatProvider.NAME, "model", model, "type", "completion")
                            .increment(usage.outputTokenCount() == null ? 0 : usage.outputTokenCount());
                }
            }

            @Override
            public void onError(ChatModelErrorContext context) {
                String model = context.chatRequest().modelName() == null ? "unknown" : context.chatRequest().modelName();
                record(meters, context.attributes().get(STARTED), model, "error");
            }
        };
    }

    private static void record(MeterRegistry meters, Object started, String model, String outcome) {
        if (started instanceof Long nanos) {
            Timer.builder("ai_request_duration").description("Duration of AI provider calls")
                    .tags("provider", OpenAiChatProvider.NAME, "model", model, "type", "completion", "outcome", outcome)
                    .publishPercentileHistogram().register(meters)
                    .record(System.nanoTime() - nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Only with EMBEDDING_PROVIDER=openai; asked for EMBEDDING_DIMENSIONS so the one vector index fits. */
    @Bean
    @ConditionalOnExpression("'${agent.ai.embedding-provider:local}' == 'openai'")
    dev.langchain4j.model.embedding.EmbeddingModel openAiEmbeddingModel(AiSettings settings) {
        return dev.langchain4j.model.openai.OpenAiEmbeddingModel.builder()
                .baseUrl(settings.openaiBaseUrl())
                .apiKey(settings.openaiApiKey())
                .modelName(settings.embeddingModel())
                .dimensions(settings.embeddingDimensions())
                .timeout(settings.requestTimeout())
                .maxRetries(0)
                .build();
    }

    @Bean
    OpenAiChatProvider openAiChatProvider(AiSettings settings, ChatModelListener aiMetricsListener,
                                          PromptBuilder prompts, ToolRegistry tools, TokenStream tokens,
                                          QueryCancellation cancellation, AiUsage usage, ObjectMapper mapper,
                                          @Qualifier("aiCallExecutor") ExecutorService aiCallExecutor) {
        OpenAiStreamingChatModel streaming = OpenAiStreamingChatModel.builder()
                // streamed answers are read on the model-call pool, not the JDK's common pool
                .httpClientBuilder(PooledStreamingHttpClient.builder(aiCallExecutor))
                .baseUrl(settings.openaiBaseUrl())
                .apiKey(settings.openaiApiKey())
                .modelName(settings.model())
                .timeout(settings.requestTimeout())
                .listeners(List.of(aiMetricsListener))
                .build();
        OpenAiChatModel cheap = OpenAiChatModel.builder()
                .baseUrl(settings.openaiBaseUrl())
                .apiKey(settings.openaiApiKey())
                .modelName(settings.cheapModel())
                .timeout(settings.requestTimeout())
                .maxRetries(0)
                .listeners(List.of(aiMetricsListener))
                .build();
        return new OpenAiChatProvider(streaming, cheap, prompts, tools, tokens, cancellation, usage, settings, mapper);
    }
}
