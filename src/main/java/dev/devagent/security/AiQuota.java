package dev.devagent.security;

import dev.devagent.platform.ApiException;
import org.springframework.stereotype.Component;

/** The per-user AI quota, checked synchronously at chat intake so the client gets its 429 at once. */
@Component("aiQuota")
public class AiQuota {

    private final RateLimits limits;

    AiQuota(RateLimits limits) {
        this.limits = limits;
    }

    public void consume(AuthUser user) {
        RateLimits.Decision decision = limits.consumeAi(user.id().toString());
        if (!decision.allowed()) {
            throw new ApiException(429, "AI request quota exceeded",
                    "limit of " + decision.limit() + " AI requests per window reached; retry after "
                            + decision.retryAfterSeconds() + " s",
                    decision.headers());
        }
    }
}
