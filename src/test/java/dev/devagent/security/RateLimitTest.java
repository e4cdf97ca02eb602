package dev.devagent.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.sql.DataSource;

import dev.devagent.platform.AgentProperties;
import dev.devagent.support.ApiClient;
import dev.devagent.support.ApiTest;
import dev.devagent.support.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

@ApiTest
class RateLimitTest extends ApiTestSupport {

    @Autowired
    RateLimits limits;

    @Autowired
    DataSource dataSource;

    @Test
    void concurrentFirstRequestsOfOneClientAreAllCountedWithoutErrors() throws Exception {
        String client = "concurrent-" + UUID.randomUUID();
        int parallel = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<CompletableFuture<RateLimits.Decision>> decisions = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                decisions.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return limits.consumeApi(client);
                }, pool));
            }
            start.countDown();
            for (var decision : decisions) {
                assertThat(decision.get().allowed()).isTrue();
            }
            // every one of the concurrent requests was taken from the bucket, none twice or not at all
            assertThat(limits.consumeApi(client).remaining()).isEqualTo(100 - parallel - 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void largeLimitsHoldAcrossReplicasToWithinOnePercentEach() throws Exception {
        // two replicas on one database; 1,000 per hour lets each consume 10 locally between writes
        var limit = new AgentProperties.RateLimit(1000, Duration.ofHours(1), 50, Duration.ofHours(1));
        RateLimits one = new RateLimits(dataSource, limit);
        RateLimits two = new RateLimits(dataSource, limit);
        String client = "replicas-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Boolean>> decisions = new ArrayList<>();
            for (int i = 0; i < 1200; i++) {
                RateLimits replica = i % 2 == 0 ? one : two;
                decisions.add(CompletableFuture.supplyAsync(() -> replica.consumeApi(client).allowed(), pool));
            }
            long allowed = 0;
            for (var decision : decisions) {
                allowed += decision.get() ? 1 : 0;
            }
            assertThat(allowed).isBetween(1000L, 1000L + 2 * 10);
        } finally {
            pool.shutdownNow();
        }
        // once spent, both replicas refuse, after at most their local share
        for (RateLimits replica : List.of(one, two)) {
            long more = 0;
            while (replica.consumeApi(client).allowed()) {
                more++;
                assertThat(more).isLessThanOrEqualTo(10);
            }
        }
        // the shared row took the consumption: a replica starting now finds at most the others' local shares left
        RateLimits three = new RateLimits(dataSource, limit);
        long late = 0;
        while (three.consumeApi(client).allowed()) {
            late++;
            assertThat(late).isLessThanOrEqualTo(2 * 10);
        }
    }

    @Test
    void apiLimitPerClientIpAnswers429WithStandardHeaders() {
        ApiClient client = anonymous();
        ApiClient.Response last = null;
        for (int i = 1; i <= 100; i++) {
            last = client.get("/api/chat/conversations");
            assertThat(last.status()).as("request %d", i).isEqualTo(401);
        }
        assertThat(last.header("RateLimit-Limit")).isEqualTo("100");
        assertThat(last.header("RateLimit-Remaining")).isEqualTo("0");

        var limited = client.get("/api/chat/conversations");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.text("error")).isEqualTo("Too many requests");
        assertThat(limited.text("details")).contains("100");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
        assertThat(Long.parseLong(limited.header("RateLimit-Reset"))).isPositive();
        assertThat(limited.header("RateLimit-Remaining")).isEqualTo("0");

        // another address is not affected; health is never limited
        assertThat(anonymous().get("/api/chat/conversations").status()).isEqualTo(401);
        assertThat(client.get("/health").status()).isEqualTo(200);
    }

    @Test
    void forwardedForIsIgnoredFromUntrustedPeers() {
        ClientIpResolver resolver = new ClientIpResolver(TestProperties.withTrustedProxies("10.0.0.0/8"));
        var request = new org.springframework.mock.web.MockHttpServletRequest();
        request.setRemoteAddr("203.0.113.9");
        request.addHeader("X-Forwarded-For", "1.2.3.4");
        assertThat(resolver.clientIp(request)).isEqualTo("203.0.113.9");

        request.setRemoteAddr("10.1.2.3");
        request.removeHeader("X-Forwarded-For");
        request.addHeader("X-Forwarded-For", "1.2.3.4, 198.51.100.7, 10.9.9.9");
        assertThat(resolver.clientIp(request)).isEqualTo("198.51.100.7");
    }

    @Test
    void aiQuotaPerUserIsCheckedAtIntake() {
        ApiClient user = newUser();
        for (int i = 0; i < 5; i++) {
            assertThat(user.post("/api/chat/message", Map.of("message", "question " + i)).status()).isEqualTo(202);
        }
        var over = user.post("/api/chat/message", Map.of("message", "one too many"));
        assertThat(over.status()).isEqualTo(429);
        assertThat(over.text("error")).isEqualTo("AI request quota exceeded");
        assertThat(over.header("RateLimit-Limit")).isEqualTo("5");
        assertThat(over.header("Retry-After")).isNotNull();
        // nothing was stored for the refused message
        assertThat(user.get("/api/chat/conversations").json().get("conversations")).hasSize(5);

        // another user has a quota of their own
        assertThat(newUser().post("/api/chat/message", Map.of("message", "hello")).status()).isEqualTo(202);
    }
}
