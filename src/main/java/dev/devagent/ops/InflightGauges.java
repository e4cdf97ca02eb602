package dev.devagent.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.stereotype.Component;

/**
 * {@code camel_exchanges_inflight} per route, read from Camel's inflight repository when Prometheus scrapes.
 * Camel's exchange event notifier exports the same gauge but also times every exchange a second time and
 * looks the gauge up in the registry on each one; it is off (application.yaml), this keeps the dashboard's
 * "Exchanges in flight" panel. It listens to route events only, so exchanges never reach it.
 */
@Component
class InflightGauges extends EventNotifierSupport {

    static final String NAME = "camel.exchanges.inflight";

    private final MeterRegistry meters;

    // Camel collects event notifiers while its context is built: this one must not need the context itself
    InflightGauges(MeterRegistry meters) {
        this.meters = meters;
        setIgnoreExchangeEvents(true);
        setIgnoreCamelContextEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.RouteAddedEvent || event instanceof CamelEvent.RouteRemovedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Route route = ((CamelEvent.RouteEvent) event).getRoute();
        String routeId = route.getRouteId();
        CamelContext camel = route.getCamelContext();
        if (event instanceof CamelEvent.RouteAddedEvent) {
            Gauge.builder(NAME, camel.getInflightRepository(), repository -> repository.size(routeId))
                    .description("Route inflight messages")
                    .tags("camelContext", camel.getName(), "routeId", routeId)
                    .register(meters);
        } else {
            Gauge gone = meters.find(NAME).tags("camelContext", camel.getName(), "routeId", routeId).gauge();
            if (gone != null) {
                meters.remove(gone);
            }
        }
    }
}
