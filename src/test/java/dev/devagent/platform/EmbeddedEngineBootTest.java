package dev.devagent.platform;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class EmbeddedEngineBootTest {

    private final List<String> stopped = new CopyOnWriteArrayList<>();

    @Test
    void theBeanGetsTheEngineStartedOnItsOwnThreadAndStopsItItself() {
        EmbeddedEngineBoot<String> boot = new EmbeddedEngineBoot<>("test-boot", () -> Thread.currentThread().getName(),
                stopped::add);
        assertThat(boot.claim()).isEqualTo("test-boot");
        boot.destroy();
        assertThat(stopped).as("a claimed engine is the bean's to stop").isEmpty();
    }

    @Test
    void anEngineNobodyClaimedIsStoppedWithTheContextOnceItHasStarted() throws Exception {
        CountDownLatch starting = new CountDownLatch(1);
        EmbeddedEngineBoot<String> boot = new EmbeddedEngineBoot<>("test-boot", () -> {
            assertThat(starting.await(10, TimeUnit.SECONDS)).isTrue();
            return "engine";
        }, stopped::add);
        // the context fails while the engine is still starting
        boot.destroy();
        assertThat(stopped).isEmpty();
        starting.countDown();
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> stopped.equals(List.of("engine")));
    }

    @Test
    void aFailedStartFailsTheBeanWithItsCause() {
        EmbeddedEngineBoot<String> boot = new EmbeddedEngineBoot<>("test-boot", () -> {
            throw new java.io.IOException("port 7687 in use");
        }, stopped::add);
        assertThatThrownBy(boot::claim).hasMessageContaining("test-boot failed")
                .hasRootCauseMessage("port 7687 in use");
    }
}
