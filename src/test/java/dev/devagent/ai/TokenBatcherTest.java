package dev.devagent.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenBatcherTest {

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final List<String> frames = new CopyOnWriteArrayList<>();
    private final List<Integer> indexes = new CopyOnWriteArrayList<>();
    private final TokenStream out = (conversation, query, index, token) -> {
        indexes.add(index);
        frames.add(token);
    };

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private TokenBatcher batcher(Duration interval) {
        return new TokenBatcher(out, UUID.randomUUID(), "query-1", interval, timer);
    }

    @Test
    void theFirstTokenGoesOutAtOnceAndABurstAfterItIsOneFrameWhenTheIntervalIsOver() {
        TokenBatcher batch = batcher(Duration.ofMillis(300));
        batch.add("Express ");
        assertThat(frames).containsExactly("Express ");
        batch.add("is ");
        batch.add("used ");
        batch.add("by acme.");
        assertThat(frames).as("held until the interval is over").containsExactly("Express ");
        await().atMost(Duration.ofSeconds(5)).until(() -> frames.size() == 2);
        assertThat(frames).containsExactly("Express ", "is used by acme.");
        assertThat(indexes).containsExactly(0, 1);
    }

    @Test
    void flushSendsWhatIsPendingAtOnceAndTheTimerThenFindsNothing() {
        TokenBatcher batch = batcher(Duration.ofMillis(200));
        batch.add("a");
        batch.add("b");
        batch.add("c");
        batch.flush();
        assertThat(frames).containsExactly("a", "bc");
        // the cancelled timer sends no empty or repeated frame
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> frames.size() == 2);
        assertThat(frames).containsExactly("a", "bc");
        batch.add("d");
        assertThat(frames).as("the interval since the last frame is over: sent at once").containsExactly("a", "bc", "d");
        assertThat(indexes).containsExactly(0, 1, 2);
    }

    @Test
    void aZeroIntervalSendsEveryTokenAsItsOwnFrame() {
        TokenBatcher batch = batcher(Duration.ZERO);
        for (String token : List.of("one ", "two ", "three")) {
            batch.add(token);
        }
        assertThat(frames).containsExactly("one ", "two ", "three");
        assertThat(indexes).containsExactly(0, 1, 2);
    }

    @Test
    void closeDropsWhatIsPendingAndWhatComesLater() {
        TokenBatcher batch = batcher(Duration.ofMillis(100));
        batch.add("kept");
        batch.add(" dropped");
        batch.close();
        batch.add(" late");
        batch.flush();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> frames.size() == 1);
        assertThat(frames).containsExactly("kept");
    }
}
