package dev.devagent.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** GET /metrics: the Prometheus text exposition of every meter (HTTP, AI, Camel per-route, JVM). */
@Component("metricsScrape")
public class MetricsScrape {

    private final PrometheusMeterRegistry registry;

    MetricsScrape(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    public void respond(Exchange exchange) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        exchange.getMessage().setBody(registry.scrape());
    }
}
