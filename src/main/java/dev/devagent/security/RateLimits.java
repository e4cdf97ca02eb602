package dev.devagent.security;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.devagent.platform.AgentProperties;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.BucketNotFoundException;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimization;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Token buckets kept in PostgreSQL, so every replica counts against the same limits: the per-IP API
 * limit and the per-user AI quota.
 *
 * <p>Small limits (under {@value #MIN_CAPACITY_FOR_LOCAL_SHARE} per window, the defaults) are counted exactly:
 * every request reads and writes the shared row (concurrent ones batched into one write). Larger limits
 * let each replica consume up to 1 % of the capacity locally between writes, at most
 * {@link #MAX_UNSYNCHRONIZED} apart, so a busy client costs a database round trip per 1 % of its budget
 * rather than per request; the shared limit then holds to within 1 % per replica.
 */
@Component
public class RateLimits {

    // bucket proxies kept per key hold no state of their own (that is in the table); the cap bounds memory
    static final int MAX_CACHED_BUCKETS = 10_000;
    static final long MIN_CAPACITY_FOR_LOCAL_SHARE = 200;
    static final Duration MAX_UNSYNCHRONIZED = Duration.ofMillis(250);

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
    private final BucketConfiguration api;
    private final BucketConfiguration ai;
    private final Map<String, BucketProxy> proxies = new ConcurrentHashMap<>();

    @Autowired
    RateLimits(DataSource dataSource, AgentProperties properties) {
        this(dataSource, properties.rateLimit());
    }

    RateLimits(DataSource dataSource, AgentProperties.RateLimit limits) {
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_buckets")
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy
                        .basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
        this.api = window(limits.maxRequests(), limits.window());
        this.ai = window(limits.aiMaxRequests(), limits.aiWindow());
    }

    private static BucketConfiguration window(long max, Duration window) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(max).refillIntervally(max, window))
                .build();
    }

    public Decision consumeApi(String clientIp) {
        return consume("api:" + clientIp, api);
    }

    public Decision consumeAi(String userId) {
        return consume("ai:" + userId, ai);
    }

    /** Deletes buckets that have been full for a while; run periodically. */
    public int removeExpired() {
        return buckets.removeExpired(1000);
    }

    private Decision consume(String key, BucketConfiguration configuration) {
        ConsumptionProbe probe = tryConsume(key, configuration);
        long limit = configuration.getBandwidths()[0].getCapacity();
        return new Decision(probe.isConsumed(), limit, probe.getRemainingTokens(),
                seconds(probe.getNanosToWaitForReset()), seconds(probe.getNanosToWaitForRefill()));
    }

    private ConsumptionProbe tryConsume(String key, BucketConfiguration configuration) {
        try {
            return bucket(key, configuration).tryConsumeAndReturnRemaining(1);
        } catch (RuntimeException e) {
            if (!bucketMissing(e)) {
                throw e;
            }
            // a batch does not create a missing row (first use of a key, or removed as expired): a plain call does
            return buckets.builder().build(key, () -> configuration).tryConsumeAndReturnRemaining(1);
        }
    }

    private static boolean bucketMissing(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof BucketNotFoundException) {
                return true;
            }
        }
        return false;
    }

    /**
     * One proxy per key, with batching: concurrent requests on the same bucket (one client IP, one user)
     * share one locked read-modify-write of its row instead of queueing on the row lock one by one.
     * Every request is still counted exactly.
     */
    private BucketProxy bucket(String key, BucketConfiguration configuration) {
        BucketProxy proxy = proxies.get(key);
        if (proxy != null) {
            return proxy;
        }
        if (proxies.size() >= MAX_CACHED_BUCKETS) {
            proxies.clear();
        }
        ProxyManager<String> manager = buckets;
        Optimization optimization = optimization(configuration);
        return proxies.computeIfAbsent(key, k -> manager.builder()
                .withOptimization(optimization)
                .build(k, () -> configuration));
    }

    static Optimization optimization(BucketConfiguration configuration) {
        long capacity = configuration.getBandwidths()[0].getCapacity();
        if (capacity < MIN_CAPACITY_FOR_LOCAL_SHARE) {
            return Optimizations.batching();
        }
        return Optimizations.delaying(new DelayParameters(capacity / 100, MAX_UNSYNCHRONIZED));
    }

    private static long seconds(long nanos) {
        return Math.max(0, (long) Math.ceil(nanos / (double) TimeUnit.SECONDS.toNanos(1)));
    }

    /** The outcome of one request against a bucket, with the standard rate-limit headers. */
    public record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {

        public Map<String, String> headers() {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("RateLimit-Limit", String.valueOf(limit));
            headers.put("RateLimit-Remaining", String.valueOf(remaining));
            headers.put("RateLimit-Reset", String.valueOf(resetSeconds));
            if (!allowed) {
                headers.put("Retry-After", String.valueOf(Math.max(1, retryAfterSeconds)));
            }
            return headers;
        }
    }
}
