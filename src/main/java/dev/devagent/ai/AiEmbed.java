package dev.devagent.ai;

import java.util.List;

import dev.devagent.platform.AgentProperties;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The model behind {@code direct:ai-embed}: in-process all-MiniLM-L6-v2 (384 dimensions, no network),
 * loaded on first use (~1 s), {@code EMBEDDING_THREADS} texts at once (one per CPU by default; see
 * {@link LocalEmbeddingModel}). Blank texts are refused: the model throws on them.
 */
@Component("aiEmbed")
public class AiEmbed {

    public static final String LOCAL_MODEL = "all-minilm-l6-v2-q";
    public static final int LOCAL_DIMENSIONS = 384;

    private volatile LocalEmbeddingModel model;
    private final Counter embedded;
    private final int threads;

    AiEmbed(AgentProperties properties, MeterRegistry meters, @Value("${agent.ai.embedding-threads:0}") int threads) {
        this.threads = threads;
        this.embedded = Counter.builder("ai_embedded_texts").description("Texts sent to the embedding model")
                .tag("model", LOCAL_MODEL).register(meters);
        // DJL unpacks native tokenizer libraries; keep them in the data dir, not in $HOME
        if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR", properties.dataDir().resolve("djl").toAbsolutePath().toString());
        }
    }

    /** The model new vectors are made with; chunks embedded by another model are re-embedded. */
    public String currentModel() {
        return LOCAL_MODEL;
    }

    public EmbeddingBatch embed(List<String> texts) {
        if (texts == null || texts.isEmpty() || texts.stream().anyMatch(t -> t == null || t.isBlank())) {
            throw new IllegalArgumentException("texts to embed must be non-blank");
        }
        List<Embedding> embeddings = model().embedAll(texts.stream().map(TextSegment::from).toList()).content();
        embedded.increment(texts.size());
        return new EmbeddingBatch(LOCAL_MODEL, LOCAL_DIMENSIONS, embeddings.stream().map(Embedding::vector).toList());
    }

    /** Texts the model embeds at once (loads it). */
    public int parallelism() {
        return model().parallelism();
    }

    @PreDestroy
    synchronized void close() {
        if (model != null) {
            model.close();
        }
    }

    private LocalEmbeddingModel model() {
        LocalEmbeddingModel loaded = model;
        if (loaded == null) {
            synchronized (this) {
                if (model == null) {
                    model = LocalEmbeddingModel.load(threads);
                }
                loaded = model;
            }
        }
        return loaded;
    }

}
