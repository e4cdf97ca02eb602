package dev.devagent.ai;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * The model behind {@code direct:ai-embed}: OpenAI embeddings when EMBEDDING_PROVIDER=openai (asked for
 * EMBEDDING_DIMENSIONS dimensions, so one index serves both), otherwise the in-process MiniLM. The
 * in-process model is also the fallback; every chunk records the model that embedded it and is
 * re-embedded when the configured model changes.
 */
@Component("embeddings")
public class Embeddings {

    private final AiEmbed local;
    private final EmbeddingModel remote;
    private final String remoteModel;
    private final MeterRegistry meters;
    private final Semaphore inFlight;
    private final AiSettings settings;

    Embeddings(AiEmbed local, @Qualifier("openAiEmbeddingModel") ObjectProvider<EmbeddingModel> remote,
               AiSettings settings, MeterRegistry meters) {
        this.local = local;
        this.remote = remote.getIfAvailable();
        this.remoteModel = "openai:" + settings.embeddingModel();
        this.settings = settings;
        this.meters = meters;
        this.inFlight = new Semaphore(Math.max(1, settings.maxConcurrent()), true);
    }

    /** The model new vectors are made with. */
    public String currentModel() {
        return remote == null ? local.currentModel() : remoteModel;
    }

    public EmbeddingBatch embed(List<String> texts) {
        if (remote == null) {
            return local.embed(texts);
        }
        if (texts == null || texts.isEmpty() || texts.stream().anyMatch(t -> t == null || t.isBlank())) {
            throw new IllegalArgumentException("texts to embed must be non-blank");
        }
        long started = System.nanoTime();
        String outcome = "error";
        try {
            if (!inFlight.tryAcquire(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("no embedding capacity within " + settings.requestTimeout());
            }
            try {
                Response<List<Embedding>> response = remote.embedAll(texts.stream().map(TextSegment::from).toList());
                if (response.tokenUsage() != null && response.tokenUsage().inputTokenCount() != null) {
                    meters.counter("ai_tokens", "provider", OpenAiChatProvider.NAME, "model", settings.embeddingModel(),
                            "type", "embedding").increment(response.tokenUsage().inputTokenCount());
                }
                outcome = "success";
                List<float[]> vectors = response.content().stream().map(Embedding::vector).toList();
                return new EmbeddingBatch(remoteModel, vectors.isEmpty() ? 0 : vectors.get(0).length, vectors);
            } finally {
                inFlight.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            Timer.builder("ai_request_duration").description("Duration of AI provider calls")
                    .tags("provider", OpenAiChatProvider.NAME, "model", settings.embeddingModel(), "type", "embedding",
                            "outcome", outcome)
                    .publishPercentileHistogram().register(meters)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    /** The breaker's fallback: the in-process model, always available. */
    public EmbeddingBatch fallback(List<String> texts) {
        return local.embed(texts);
    }
}
