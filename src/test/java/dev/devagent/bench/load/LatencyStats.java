package dev.devagent.bench.load;

import java.util.Locale;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Latencies in microseconds, recorded from many threads; reported in milliseconds. */
final class LatencyStats {

    private final Histogram histogram = new ConcurrentHistogram(3);

    void recordMicros(long micros) {
        histogram.recordValue(Math.max(0, micros));
    }

    void recordNanos(long nanos) {
        recordMicros(nanos / 1000);
    }

    long count() {
        return histogram.getTotalCount();
    }

    double percentileMs(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    /** One line of key=value pairs that run.sh reads: prefix_p50_ms=… prefix_p95_ms=… */
    String report(String prefix) {
        return String.format(Locale.ROOT, "%s_count=%d %s_p50_ms=%.2f %s_p95_ms=%.2f %s_p99_ms=%.2f %s_max_ms=%.2f",
                prefix, count(), prefix, percentileMs(50), prefix, percentileMs(95), prefix, percentileMs(99),
                prefix, histogram.getMaxValue() / 1000.0);
    }
}
