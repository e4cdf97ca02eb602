package dev.devagent.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Gauges for stuck work: how old the oldest unfinished query is (alerts fire on queries stuck in processing). */
@Component
class QueueGauges {

    QueueGauges(JdbcTemplate jdbc, MeterRegistry meters) {
        Gauge.builder("queries_processing_oldest_age_seconds", jdbc, db -> {
            try {
                Double age = db.queryForObject("""
                        SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8
                        FROM queries WHERE status = 'processing'""", Double.class);
                return age == null ? 0 : age;
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }).description("Age of the oldest query still processing, in seconds").register(meters);
        Gauge.builder("queries_processing", jdbc, db -> {
            try {
                Long n = db.queryForObject("SELECT count(*) FROM queries WHERE status = 'processing'", Long.class);
                return n == null ? 0 : n;
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }).description("Queries accepted and not yet finished").register(meters);
    }
}
