package dev.devagent.ops;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.component.platform.http.springboot.CamelRequestHandlerMapping;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The seed's HTTP metrics: {@code http_request_duration_seconds} (a histogram, for P95 dashboards) and
 * {@code http_requests_total}, labelled method, route (the template, never the raw path, so the
 * label stays low-cardinality) and status_code.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class HttpMetricsFilter extends OncePerRequestFilter {

    static final String UNMATCHED = "unmatched";
    // any other token is a valid HTTP method too; one label for all of them keeps the series bounded
    static final java.util.Set<String> STANDARD_METHODS = java.util.Set.of("GET", "HEAD", "POST", "PUT", "PATCH",
            "DELETE", "OPTIONS", "TRACE");

    private final MeterRegistry registry;
    // bounded: routes are templates (or "unmatched"), methods and statuses are few
    private final java.util.Map<Labels, Meters> byLabels = new java.util.concurrent.ConcurrentHashMap<>();
    private final ObjectProvider<CamelRequestHandlerMapping> routes;

    HttpMetricsFilter(MeterRegistry meters, ObjectProvider<CamelRequestHandlerMapping> routes) {
        this.registry = meters;
        this.routes = routes;
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return true;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new jakarta.servlet.AsyncListener() {
                    @Override
                    public void onComplete(jakarta.servlet.AsyncEvent event) {
                        record(request, response, start);
                    }

                    @Override
                    public void onTimeout(jakarta.servlet.AsyncEvent event) {
                    }

                    @Override
                    public void onError(jakarta.servlet.AsyncEvent event) {
                    }

                    @Override
                    public void onStartAsync(jakarta.servlet.AsyncEvent event) {
                    }
                });
            } else {
                record(request, response, start);
            }
        }
    }

    private void record(HttpServletRequest request, HttpServletResponse response, long start) {
        String method = STANDARD_METHODS.contains(request.getMethod()) ? request.getMethod() : "OTHER";
        Meters meters = meters(method, route(request), String.valueOf(response.getStatus()));
        meters.duration().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        meters.count().increment();
    }

    /** Registered once per method, route template and status; looking them up in the registry per request cost more. */
    private Meters meters(String method, String route, String status) {
        return byLabels.computeIfAbsent(new Labels(method, route, status), labels -> new Meters(
                Timer.builder("http_request_duration")
                        .description("HTTP request duration")
                        .tags("method", method, "route", route, "status_code", status)
                        .publishPercentileHistogram()
                        // an exact bucket at the 500 ms latency SLO
                        .serviceLevelObjectives(java.time.Duration.ofMillis(500))
                        .register(registry),
                Counter.builder("http_requests")
                        .description("HTTP requests")
                        .tags("method", method, "route", route, "status_code", status)
                        .register(registry)));
    }

    private record Labels(String method, String route, String status) {
    }

    private record Meters(Timer duration, Counter count) {
    }

    /**
     * The route template ({@code /api/chat/query/{queryId}}), also for requests that security or the rate
     * limit stopped before dispatch; anything that matches no route is "unmatched".
     */
    private String route(HttpServletRequest request) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (pattern == null) {
            CamelRequestHandlerMapping mapping = routes.getIfAvailable();
            try {
                if (mapping != null && mapping.getHandler(request) != null) {
                    pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
                }
            } catch (Exception e) {
                pattern = null;
            }
        }
        return pattern == null ? UNMATCHED : pattern.toString();
    }
}
