package dev.devagent.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devagent.ai.Embeddings;
import dev.devagent.graph.DependencyGraphWriter;
import dev.devagent.graph.FleetStats;
import dev.devagent.ingest.index.CodeChunk;
import dev.devagent.ingest.index.CodeChunker;
import dev.devagent.ingest.index.IndexableFiles;
import dev.devagent.ingest.index.SecretRedactor;
import dev.devagent.ingest.manifest.ManifestScan;
import dev.devagent.ingest.manifest.ManifestScanner;
import dev.devagent.push.PushEvent;
import dev.devagent.push.PushPublisher;
import dev.devagent.search.CodeChunkStore;
import dev.devagent.search.CodeChunkStore.NewChunk;
import jakarta.annotation.PreDestroy;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The steps of the repository-sync route: fetch → (manifests and graph) alongside (chunk, redact and store)
 * → searchable (keyword search and graph complete) → embed what is new → done. The graph and the chunks are
 * built at the same time, and embedding starts with the first stored files, so the model is not kept waiting
 * on the manifests and Neo4j. The repositories row is the work queue: a sync is claimed with a lease like a
 * query, so a crashed sync is picked up again by any replica.
 */
@Component("repositorySync")
public class RepositorySync {

    private static final Logger log = LoggerFactory.getLogger(RepositorySync.class);
    static final int FILES_PER_BATCH = 200;
    /** The first batch is small, so the model has its first chunks within milliseconds of the checkout. */
    static final int FIRST_BATCH_FILES = 20;
    static final int MAX_ATTEMPTS = 3;
    static final long PROGRESS_EVERY_MS = 250;
    static final long LEASE_CHECK_EVERY_MS = 5_000;

    private final String owner = "sync-" + UUID.randomUUID().toString().substring(0, 8);
    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;
    private final GitMirror mirror;
    private final ManifestScanner manifests;
    private final DependencyGraphWriter graph;
    private final IndexableFiles files;
    private final CodeChunker chunker;
    private final SecretRedactor redactor;
    private final CodeChunkStore chunks;
    private final PushPublisher events;
    private final ProducerTemplate camel;
    private final Embeddings embedder;
    private final FleetStats fleet;
    private final Duration lease;
    private final int embedBatch;
    private final int dedicatedIndexMinFiles;
    // runs the vector fillers and their writers: one sync per dispatcher thread, so a handful of threads at most
    private final ExecutorService background = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "vector-filler");
        thread.setDaemon(true);
        return thread;
    });
    private final io.micrometer.core.instrument.Counter failures;

    RepositorySync(JdbcTemplate jdbc, ObjectMapper mapper, GitMirror mirror, ManifestScanner manifests,
                   DependencyGraphWriter graph, CodeChunkStore chunks, PushPublisher events, ProducerTemplate camel,
                   Embeddings embedder, FleetStats fleet, @Value("${agent.repositories.sync-lease-duration:2m}") Duration lease,
                   @Value("${agent.repositories.max-file-bytes:524288}") long maxFileBytes,
                   @Value("${agent.repositories.embed-batch-size:64}") int embedBatch,
                   @Value("${agent.repositories.dedicated-index-min-files:1000}") int dedicatedIndexMinFiles,
                   io.micrometer.core.instrument.MeterRegistry meters) {
        this.failures = meters.counter("repository_sync_failures");
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.mirror = mirror;
        this.manifests = manifests;
        this.graph = graph;
        this.chunks = chunks;
        this.events = events;
        this.camel = camel;
        this.embedder = embedder;
        this.fleet = fleet;
        this.lease = lease;
        this.embedBatch = embedBatch;
        this.dedicatedIndexMinFiles = dedicatedIndexMinFiles;
        this.files = new IndexableFiles(maxFileBytes, IndexableFiles.DEFAULT_MAX_LINE_CHARS);
        this.chunker = new CodeChunker();
        this.redactor = new SecretRedactor();
    }

    /** Claims one repository whose sync was requested and whose lease is free or expired. */
    public List<SyncJob> claim() {
        jdbc.update("""
                UPDATE repositories SET status = 'failed', sync_requested_at = NULL, sync_lease_owner = NULL,
                       error = 'sync was interrupted ' || sync_attempts || ' times; giving up', updated_at = now()
                WHERE sync_requested_at IS NOT NULL AND sync_attempts >= ? AND sync_lease_expires_at < now()""",
                MAX_ATTEMPTS);
        return jdbc.query("""
                UPDATE repositories r SET status = 'syncing', sync_lease_owner = ?,
                       sync_lease_expires_at = now() + make_interval(secs => ?), sync_attempts = r.sync_attempts + 1,
                       error = NULL, updated_at = now()
                FROM (SELECT id FROM repositories
                      WHERE sync_requested_at IS NOT NULL
                        AND (sync_lease_expires_at IS NULL OR sync_lease_expires_at < now())
                      ORDER BY sync_requested_at LIMIT 1 FOR UPDATE SKIP LOCKED) free
                WHERE r.id = free.id
                RETURNING r.id, r.url, r.full_name, r.branch, r.last_indexed_commit, r.sync_requested_at""",
                (rs, i) -> new SyncJob(rs.getObject("id", UUID.class), rs.getString("url"), rs.getString("full_name"),
                        rs.getString("branch"), rs.getString("last_indexed_commit"),
                        rs.getTimestamp("sync_requested_at").toInstant()),
                owner, (double) lease.toSeconds());
    }

    public SyncJob fetch(SyncJob job) throws Exception {
        progress(job, "cloning", 0, 0, true);
        job.checkout = mirror.update(job.id, job.url, job.branch, job.github);
        job.branch = job.checkout.branch();
        // null (redo every file) on a first sync or when the old commit is gone after a force push
        job.changed = mirror.changedPaths(job.checkout.workTree(), job.previousCommit, job.checkout.head());
        Path root = job.checkout.workTree();
        job.indexable = job.checkout.head() == null ? List.of()
                : files.list(root).stream().map(p -> p.toString().replace('\\', '/')).toList();
        job.allFiles = job.checkout.head() == null ? List.of() : allFiles(root);
        return job;
    }

    /**
     * Manifests are re-read in full every time (cheap), and the repo's edges replaced in one transaction. Runs
     * alongside {@link #index}: the chunking's progress events carry {@code graphReady} once this is done.
     */
    public SyncJob updateGraph(SyncJob job) throws IOException {
        ensureHeld(job);
        Path root = job.checkout.workTree();
        List<Path> all = job.allFiles;
        ManifestScan scan = manifests.scan(root, all);
        List<Map<String, Object>> dependencies = scan.dependencies().stream().map(d -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("ecosystem", d.ecosystem());
            row.put("name", d.name());
            row.put("version", d.version());
            row.put("scope", d.scope());
            row.put("direct", d.direct());
            row.put("manifest", d.manifest());
            return row;
        }).toList();
        List<Map<String, Object>> publishes = scan.publishes().stream()
                .map(p -> Map.<String, Object>of("ecosystem", p.ecosystem(), "name", p.name(), "manifest", p.manifest()))
                .toList();
        graph.replace(job.fullName, job.url, job.checkout.head(), dependencies, publishes);
        scan.errors().forEach(e -> job.manifestErrors.add(Map.of("manifest", e.manifest(), "message", e.message())));
        job.counts.put("dependencies", dependencies.size());
        job.counts.put("manifests", scan.dependencies().stream().map(d -> d.manifest()).distinct().count());
        job.counts.put("publishes", publishes.size());
        job.graphReady = true;
        return job;
    }

    /**
     * Chunks, redacts and stores changed files (all files on a first or force-pushed sync). Embedding starts
     * with the first stored batch and runs behind; when this returns, keyword search is complete.
     */
    public SyncJob index(SyncJob job) {
        ensureHeld(job);
        String model = embedder.currentModel();
        if (job.changed == null && job.indexable.size() >= dedicatedIndexMinFiles) {
            // a large first index: its vectors go to a partition of their own, indexed in one pass at the end
            chunks.dedicatePartition(job.id);
        }
        VectorFiller vectors = new VectorFiller(job.id, model, embedBatch, chunks, camel, background);
        job.vectors = vectors;
        vectors.start(background);
        if (job.checkout.head() == null) {
            chunks.deleteRepository(job.id);
            vectors.allStored();
            return job;
        }
        Set<String> indexable = new HashSet<>(job.indexable);
        List<String> targets = job.changed == null ? job.indexable : job.changed.stream().sorted().toList();
        Path root = job.checkout.workTree();
        job.filesTotal = targets.size();
        for (int from = 0; from < targets.size(); ) {
            int to = Math.min(targets.size(), from + (from == 0 ? FIRST_BATCH_FILES : FILES_PER_BATCH));
            List<String> batch = targets.subList(from, to);
            from = to;
            List<NewChunk> stored = new ArrayList<>();
            for (String path : batch) {
                if (!indexable.contains(path)) {
                    continue;
                }
                files.readText(root, Path.of(path)).ifPresent(text -> {
                    String clean = redactor.redact(path, text).text();
                    for (CodeChunk chunk : chunker.chunk(path, clean)) {
                        stored.add(new NewChunk(path, chunk.startLine(), chunk.endLine(), chunk.language(),
                                job.checkout.head(), chunk.content(), chunk.contentHash()));
                    }
                });
            }
            chunks.replaceFiles(job.id, batch, stored, model);
            vectors.stored();
            job.filesDone += batch.size();
            progress(job, "chunking", job.filesDone, targets.size(), false);
        }
        if (job.changed == null) {
            // a full pass also drops chunks of files that are gone or no longer indexable
            chunks.retainOnly(job.id, job.indexable);
        }
        vectors.allStored();
        job.counts.put("files", job.indexable.size());
        return job;
    }

    /**
     * The graph and the chunks are both stored: the graph and keyword search are complete (announced as the
     * start of the "embedding" phase, keywordReady) while vectors fill in.
     */
    public SyncJob searchable(SyncJob job) {
        job.keywordReady = true;
        job.chunksTotal = job.vectors.embedded() + chunks.countPending(job.id, job.vectors.model());
        progress(job, "embedding", job.vectors.embedded(), job.chunksTotal, true);
        return job;
    }

    /** Waits for the vectors of every chunk (embedded in batches through direct:ai-embed, no user quota). */
    public SyncJob embed(SyncJob job) throws Exception {
        VectorFiller vectors = job.vectors;
        long heldCheckedAt = System.currentTimeMillis();
        while (!vectors.await(PROGRESS_EVERY_MS)) {
            progress(job, "embedding", vectors.embedded(), job.chunksTotal, false);
            if (System.currentTimeMillis() - heldCheckedAt > LEASE_CHECK_EVERY_MS) {
                ensureHeld(job);
                heldCheckedAt = System.currentTimeMillis();
            }
        }
        ensureHeld(job);
        long started = System.nanoTime();
        if (chunks.buildVectorIndex(job.id)) {
            // the first vectors of this repository are all stored: its HNSW graph is built in one pass
            vectors.indexBuilt(System.nanoTime() - started);
        }
        progress(job, "embedding", vectors.embedded(), Math.max(job.chunksTotal, vectors.embedded()), true);
        return job;
    }

    public void complete(SyncJob job) {
        Map<String, Long> stored = chunks.counts(job.id);
        job.counts.put("chunks", stored.get("chunks"));
        job.counts.put("embedded", stored.get("embedded"));
        long millis = (System.nanoTime() - job.startedNanos) / 1_000_000;
        int updated = jdbc.update("""
                UPDATE repositories SET status = 'indexed', last_indexed_commit = ?, branch = ?, error = NULL,
                       counts = ?::jsonb, manifest_errors = ?::jsonb, last_synced_at = now(), sync_duration_ms = ?,
                       sync_attempts = 0, sync_lease_owner = NULL, sync_lease_expires_at = NULL, updated_at = now(),
                       sync_requested_at = CASE WHEN sync_requested_at > ? THEN sync_requested_at END,
                       progress = ?::jsonb
                WHERE id = ? AND sync_lease_owner = ?""",
                job.checkout.head(), job.branch, json(job.counts), json(job.manifestErrors), millis,
                java.sql.Timestamp.from(job.requestedAt), json(progressData(job, "done", 1, 1)), job.id, owner);
        if (updated > 0) {
            fleet.invalidate();
            progress(job, "done", 1, 1, true);
            log.info("Indexed {} at {} in {} ms ({}): {}", job.fullName, job.checkout.head(), millis,
                    job.vectors == null ? "nothing to embed" : job.vectors.timings(), job.counts);
        }
    }

    public void failed(SyncJob job, Exception error) {
        if (job == null) {
            return;
        }
        if (job.vectors != null) {
            job.vectors.cancel();
        }
        if (error instanceof SyncAbandoned) {
            log.info("Sync of {} stopped: {}", job.fullName, error.getMessage());
            return;
        }
        log.warn("Sync of {} failed", job.fullName, error);
        failures.increment();
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        int updated = jdbc.update("""
                UPDATE repositories SET status = 'failed', error = ?, sync_requested_at = NULL, sync_attempts = 0,
                       sync_lease_owner = NULL, sync_lease_expires_at = NULL, updated_at = now()
                WHERE id = ? AND sync_lease_owner = ?""", truncate(message), job.id, owner);
        if (updated > 0) {
            Map<String, Object> data = progressData(job, "failed", 0, 0);
            data.put("error", truncate(message));
            events.publish(null, null, PushEvent.REPOSITORY_PROGRESS, data);
        }
    }

    @PreDestroy
    void stop() {
        background.shutdownNow();
    }

    private void ensureHeld(SyncJob job) {
        Boolean held = jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM repositories WHERE id = ? AND sync_lease_owner = ?)""",
                Boolean.class, job.id, owner);
        if (!Boolean.TRUE.equals(held)) {
            throw new SyncAbandoned(job.fullName);
        }
    }

    /** Publishes repository:progress (at most every 250 ms unless forced) and extends the lease. */
    private void progress(SyncJob job, String phase, long done, long total, boolean force) {
        long now = System.currentTimeMillis();
        if (!force && now - job.lastProgressAt < PROGRESS_EVERY_MS && done < total) {
            return;
        }
        job.lastProgressAt = now;
        Map<String, Object> data = progressData(job, phase, done, total);
        jdbc.update("""
                UPDATE repositories SET progress = ?::jsonb, sync_lease_expires_at = now() + make_interval(secs => ?)
                WHERE id = ? AND sync_lease_owner = ?""", json(data), (double) lease.toSeconds(), job.id, owner);
        events.publish(null, null, PushEvent.REPOSITORY_PROGRESS, data);
    }

    private static Map<String, Object> progressData(SyncJob job, String phase, long done, long total) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("repositoryId", job.id.toString());
        data.put("fullName", job.fullName);
        data.put("phase", phase);
        if (phase.equals("embedding")) {
            data.put("filesDone", job.filesDone);
            data.put("filesTotal", job.filesTotal);
            data.put("chunksDone", done);
            data.put("chunksTotal", total);
        } else {
            data.put("filesDone", done);
            data.put("filesTotal", total);
        }
        if (phase.equals("chunking") && job.vectors != null) {
            // vectors fill in behind the chunking; the bar still follows files
            data.put("chunksEmbedded", job.vectors.embedded());
        }
        // the dependency graph is written (it is built alongside the chunks)
        data.put("graphReady", job.graphReady);
        // graph and keyword search are complete; vectors may still be filling in
        data.put("keywordReady", job.keywordReady);
        data.put("status", phase.equals("done") ? "indexed" : phase.equals("failed") ? "failed" : "syncing");
        return data;
    }

    private static List<Path> allFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .map(root::relativize)
                    .filter(p -> !p.startsWith(".git") && !p.toString().contains("node_modules"))
                    .sorted()
                    .toList();
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String truncate(String message) {
        return message.length() > 500 ? message.substring(0, 500) : message;
    }

    static final class SyncAbandoned extends RuntimeException {
        SyncAbandoned(String fullName) {
            super("the sync of " + fullName + " was taken over or the repository was removed");
        }
    }

}
