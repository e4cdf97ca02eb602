package dev.devagent.ingest;

import java.util.ArrayDeque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.devagent.ai.EmbeddingBatch;
import dev.devagent.search.CodeChunkStore;
import dev.devagent.search.CodeChunkStore.PendingChunk;
import org.apache.camel.ProducerTemplate;

/**
 * Fills in the vectors of one repository's chunks while the sync is still storing them: it pages through the
 * chunks without a vector in id order and keeps {@link #IN_FLIGHT} batches at the model through
 * direct:ai-embed at once, so the model's threads start on the next batch while the last texts of the previous
 * one finish; each batch's vectors are written as soon as they arrive, and the next page is read while the
 * model works. The pending state lives in the table, so a crash loses nothing: the next sync finds the same
 * chunks still without vectors.
 */
final class VectorFiller {

    /** Batches at the model at once: two keep every model thread busy across a batch boundary. */
    static final int IN_FLIGHT = 2;

    private final UUID repositoryId;
    private final String model;
    private final int batchSize;
    private final CodeChunkStore chunks;
    private final ProducerTemplate camel;
    private final ExecutorService writer;
    private final AtomicLong embedded = new AtomicLong();
    private final AtomicLong embedNanos = new AtomicLong();
    // wall time with at least one batch at the model (batches overlap, so their durations are not summed)
    private final AtomicInteger atModel = new AtomicInteger();
    private volatile long busySince;
    private final AtomicLong writeNanos = new AtomicLong();
    private volatile long indexNanos = -1;
    private final Object signal = new Object();
    private volatile boolean allStored;
    private volatile boolean cancelled;
    private Future<?> running;

    VectorFiller(UUID repositoryId, String model, int batchSize, CodeChunkStore chunks, ProducerTemplate camel,
                 ExecutorService writer) {
        this.repositoryId = repositoryId;
        this.model = model;
        this.batchSize = batchSize;
        this.chunks = chunks;
        this.camel = camel;
        this.writer = writer;
    }

    void start(ExecutorService embedder) {
        running = embedder.submit(this::fill);
    }

    /** More chunks were stored. */
    void stored() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** Every chunk of this sync is stored: the filler stops once nothing is pending. */
    void allStored() {
        allStored = true;
        stored();
    }

    String model() {
        return model;
    }

    long embedded() {
        return embedded.get();
    }

    /**
     * Where the time went, for the sync's log line: the wall time with a batch at the model, and the vector
     * writes (which overlap it).
     */
    String timings() {
        String timings = "embedding %.1f s, writing vectors %.1f s".formatted(embedNanos.get() / 1e9,
                writeNanos.get() / 1e9);
        return indexNanos < 0 ? timings : timings + ", building the vector index %.1f s".formatted(indexNanos / 1e9);
    }

    /** The repository's vector index was built in bulk after the vectors, in this time. */
    void indexBuilt(long nanos) {
        indexNanos = nanos;
    }

    /** Waits up to {@code millis} for the filler; true when every vector is written (rethrows its failure). */
    boolean await(long millis) throws Exception {
        try {
            running.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException notYet) {
            return false;
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            // a failed write arrives wrapped once more by the writer's future
            while ((cause instanceof ExecutionException || cause instanceof java.util.concurrent.CompletionException)
                    && cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw cause instanceof Exception e ? e : new IllegalStateException(cause);
        }
    }

    void cancel() {
        cancelled = true;
        stored();
        if (running != null) {
            running.cancel(true);
        }
    }

    private Void fill() throws Exception {
        // the next page is read while the model embeds, so the model never waits for a query
        CompletableFuture<Page> next = read(0);
        ArrayDeque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
        while (!cancelled) {
            Page page = next.get();
            if (page.chunks().isEmpty()) {
                if (page.allStoredBefore()) {
                    break;
                }
                synchronized (signal) {
                    if (!allStored && !cancelled) {
                        signal.wait(200);
                    }
                }
                next = read(page.afterId());
                continue;
            }
            List<PendingChunk> pending = page.chunks();
            next = read(pending.get(pending.size() - 1).id());
            inFlight.add(CompletableFuture.supplyAsync(() -> embed(pending), writer)
                    .thenAcceptAsync(batch -> write(pending, batch), writer));
            if (inFlight.size() >= IN_FLIGHT) {
                // a failed embedding or write stops the filler here
                inFlight.poll().get();
            }
        }
        for (CompletableFuture<Void> batch : inFlight) {
            batch.get();
        }
        return null;
    }

    private EmbeddingBatch embed(List<PendingChunk> pending) {
        if (atModel.getAndIncrement() == 0) {
            busySince = System.nanoTime();
        }
        try {
            return camel.requestBody("direct:ai-embed", pending.stream().map(PendingChunk::content).toList(),
                    EmbeddingBatch.class);
        } finally {
            long now = System.nanoTime();
            long since = busySince;
            if (atModel.decrementAndGet() == 0) {
                embedNanos.addAndGet(now - since);
            }
        }
    }

    private void write(List<PendingChunk> pending, EmbeddingBatch batch) {
        long started = System.nanoTime();
        List<Long> ids = pending.stream().map(PendingChunk::id).toList();
        chunks.setEmbeddings(ids, batch.vectors(), batch.model());
        writeNanos.addAndGet(System.nanoTime() - started);
        embedded.addAndGet(ids.size());
    }

    /** The chunks pending after {@code afterId}; the flag is read before the query: empty then means done. */
    private CompletableFuture<Page> read(long afterId) {
        return CompletableFuture.supplyAsync(() -> {
            boolean last = allStored;
            return new Page(afterId, last, chunks.pendingEmbeddings(repositoryId, model, afterId, batchSize));
        }, writer);
    }

    private record Page(long afterId, boolean allStoredBefore, List<PendingChunk> chunks) {
    }
}
