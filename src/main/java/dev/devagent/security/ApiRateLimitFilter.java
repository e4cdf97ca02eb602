package dev.devagent.security;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devagent.platform.ApiError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** Per-client-IP limit on /api/** (RATE_LIMIT_MAX_REQUESTS per RATE_LIMIT_WINDOW_MS), before authentication. */
@Component
@Order(SecurityProperties.DEFAULT_FILTER_ORDER - 1)
class ApiRateLimitFilter extends OncePerRequestFilter {

    private final RateLimits limits;
    private final ClientIpResolver clientIp;
    private final ObjectMapper mapper;

    ApiRateLimitFilter(RateLimits limits, ClientIpResolver clientIp, ObjectMapper mapper) {
        this.limits = limits;
        this.clientIp = clientIp;
        this.mapper = mapper;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/") || "OPTIONS".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        RateLimits.Decision decision = limits.consumeApi(clientIp.clientIp(request));
        decision.headers().forEach(response::setHeader);
        if (decision.allowed()) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(429);
        response.setContentType("application/json");
        mapper.writeValue(response.getOutputStream(), new ApiError("Too many requests",
                "limit of " + decision.limit() + " requests per window reached; retry after "
                        + decision.retryAfterSeconds() + " s"));
    }
}
