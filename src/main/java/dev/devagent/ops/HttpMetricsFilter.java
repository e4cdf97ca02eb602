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

    private final MeterRegistry meters;
    private final ObjectProvider<CamelRequestHandlerMapping> routes;

    HttpMetricsFilter(MeterRegistry meters, ObjectProvider<CamelRequestHandlerMapping> routes) {
        this.meters = meters;
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
        String status = String.valueOf(response.getStatus());
        String route = route(request);
        Timer.builder("http_request_duration")
                .description("HTTP request duration")
                .tags("method", request.getMethod(), "route", route, "status_code", status)
                .publishPercentileHistogram()
                // an exact bucket at the 500 ms latency SLO
                .serviceLevelObjectives(java.time.Duration.ofMillis(500))
                .register(meters)
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        Counter.builder("http_requests")
                .description("HTTP requests")
                .tags("method", request.getMethod(), "route", route, "status_code", status)
                .register(meters)
                .increment();
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
