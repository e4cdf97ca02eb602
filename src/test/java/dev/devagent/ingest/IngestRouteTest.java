package dev.devagent.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The repository-sync route as an integration engineer edits it (routes/ingest.camel.yaml), run by a bare Camel
 * context with a recorder in place of the sync's steps: the order of the steps, the graph and the chunks being
 * built at the same time, and a failure in either branch failing the sync. The steps themselves run against
 * the real databases in {@link FleetIngestTest}.
 */
class IngestRouteTest {

    private final Steps steps = new Steps();
    private CamelContext camel;

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("repositorySync", steps);
        camel.getRegistry().bind("repositories", new Repositories());
        Properties properties = new Properties();
        properties.setProperty("agent.repositories.resync-trigger", "direct:resync");
        properties.setProperty("agent.repositories.poll-interval-ms", "3600000");
        camel.getPropertiesComponent().setInitialProperties(properties);
        PluginHelper.getRoutesLoader(camel)
                .loadRoutes(ResourceHelper.resolveMandatoryResource(camel, "file:routes/ingest.camel.yaml"));
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void theGraphAndTheChunksAreBuiltAtTheSameTimeBeforeTheSyncGoesOn() {
        SyncJob job = job();

        camel.createProducerTemplate().sendBody("direct:repository-sync", job);

        assertThat(steps.calls).hasSize(6);
        assertThat(steps.calls.get(0)).isEqualTo("fetch");
        assertThat(steps.calls.subList(1, 3)).containsExactlyInAnyOrder("updateGraph", "index");
        assertThat(steps.calls.subList(3, 6)).containsExactly("searchable", "embed", "complete");
        assertThat(steps.overlapped).as("each branch saw the other running").isTrue();
        assertThat(steps.jobs).as("every step worked on the same job").allSatisfy(seen -> assertThat(seen).isSameAs(job));
    }

    @Test
    void aFailureInOneBranchFailsTheSyncAfterTheOtherFinished() {
        steps.graphFailure = new IllegalStateException("Neo4j is unavailable");
        SyncJob job = job();

        camel.createProducerTemplate().sendBody("direct:repository-sync", job);

        assertThat(steps.calls).containsExactlyInAnyOrder("fetch", "updateGraph", "index", "failed");
        assertThat(steps.calls.get(steps.calls.size() - 1)).isEqualTo("failed");
        assertThat(steps.failure).isSameAs(steps.graphFailure);
    }

    private static SyncJob job() {
        return new SyncJob(UUID.randomUUID(), "https://git.example.com/acme/app.git", "acme/app", "main", null,
                Instant.now());
    }

    /** Records the calls the route makes; the two branches wait for each other, so they must overlap. */
    public static final class Steps {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<SyncJob> jobs = new CopyOnWriteArrayList<>();
        private final CountDownLatch bothRunning = new CountDownLatch(2);
        volatile boolean overlapped;
        volatile RuntimeException graphFailure;
        volatile Exception failure;

        public List<SyncJob> claim() {
            return List.of();
        }

        public SyncJob fetch(SyncJob job) {
            return record("fetch", job);
        }

        public SyncJob updateGraph(SyncJob job) throws InterruptedException {
            meetTheOtherBranch();
            if (graphFailure != null) {
                calls.add("updateGraph");
                throw graphFailure;
            }
            return record("updateGraph", job);
        }

        public SyncJob index(SyncJob job) throws InterruptedException {
            meetTheOtherBranch();
            return record("index", job);
        }

        public SyncJob searchable(SyncJob job) {
            return record("searchable", job);
        }

        public SyncJob embed(SyncJob job) {
            return record("embed", job);
        }

        public void complete(SyncJob job) {
            record("complete", job);
        }

        public void failed(SyncJob job, Exception error) {
            failure = error;
            record("failed", job);
        }

        private void meetTheOtherBranch() throws InterruptedException {
            bothRunning.countDown();
            // run one after the other, each branch would wait here in vain
            overlapped = bothRunning.await(10, TimeUnit.SECONDS);
        }

        private SyncJob record(String step, SyncJob job) {
            calls.add(step);
            jobs.add(job);
            return job;
        }
    }

    /** The other routes of the file call these; nothing to do here. */
    public static final class Repositories {
        public void requestDueSyncs() {
        }

        public void importConfigured() {
        }
    }
}
