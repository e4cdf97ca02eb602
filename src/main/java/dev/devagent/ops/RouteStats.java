package dev.devagent.ops;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.devagent.security.AuthUser;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Per-route numbers for the operations page, read from the same Camel/Micrometer meters Prometheus
 * scrapes: exchanges, failures, in-flight, mean/max/p95 latency, and the rate since the previous call.
 */
@Component("routeStats")
public class RouteStats {

    private final MeterRegistry meters;
    private final String grafanaUrl;
    private final Map<String, long[]> previous = new ConcurrentHashMap<>();

    RouteStats(MeterRegistry meters, @Value("${agent.ops.grafana-url:}") String grafanaUrl) {
        this.meters = meters;
        this.grafanaUrl = grafanaUrl;
    }

    public Map<String, Object> snapshot(AuthUser admin) {
        Map<String, Map<String, Object>> routes = new TreeMap<>();
        long now = System.currentTimeMillis();
        for (Meter meter : meters.getMeters()) {
            String routeId = meter.getId().getTag("routeId");
            String name = meter.getId().getName();
            if (routeId == null || routeId.isEmpty() || !name.startsWith("camel.")) {
                continue;
            }
            if (meter.getId().getTag("eventType") != null && !"route".equals(meter.getId().getTag("eventType"))) {
                continue;
            }
            Map<String, Object> row = routes.computeIfAbsent(routeId, id -> {
                Map<String, Object> fresh = new LinkedHashMap<>();
                fresh.put("routeId", id);
                fresh.put("exchangesTotal", 0L);
                fresh.put("exchangesFailed", 0L);
                fresh.put("inflight", 0L);
                fresh.put("meanMs", 0.0);
                fresh.put("maxMs", 0.0);
                fresh.put("p95Ms", 0.0);
                return fresh;
            });
            switch (name) {
                case "camel.exchanges.total" -> row.put("exchangesTotal", count(meter));
                case "camel.exchanges.failed" -> row.put("exchangesFailed", count(meter));
                case "camel.exchanges.inflight" -> row.put("inflight", count(meter));
                case "camel.route.policy" -> {
                    if (meter instanceof Timer timer) {
                        row.put("meanMs", round(timer.mean(TimeUnit.MILLISECONDS)));
                        row.put("maxMs", round(timer.max(TimeUnit.MILLISECONDS)));
                        for (ValueAtPercentile p : timer.takeSnapshot().percentileValues()) {
                            if (Math.abs(p.percentile() - 0.95) < 1e-6) {
                                row.put("p95Ms", round(p.value(TimeUnit.MILLISECONDS)));
                            }
                        }
                    }
                }
                default -> { }
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>(routes.values());
        for (Map<String, Object> row : rows) {
            long total = (Long) row.get("exchangesTotal");
            long[] last = previous.put((String) row.get("routeId"), new long[] {now, total});
            double minutes = last == null ? 0 : (now - last[0]) / 60_000.0;
            row.put("ratePerMinute", minutes <= 0 ? 0.0 : round((total - last[1]) / minutes));
        }
        rows.sort(Comparator.comparing(r -> (String) r.get("routeId")));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("routes", rows);
        response.put("generatedAt", Instant.now().toString());
        if (!grafanaUrl.isBlank()) {
            response.put("grafanaUrl", grafanaUrl);
        }
        return response;
    }

    private static long count(Meter meter) {
        if (meter instanceof Counter counter) {
            return (long) counter.count();
        }
        if (meter instanceof FunctionCounter counter) {
            return (long) counter.count();
        }
        if (meter instanceof Gauge gauge) {
            return (long) gauge.value();
        }
        return 0;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
