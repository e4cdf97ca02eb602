package dev.devagent.ingest.index;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/** Text with its secrets replaced, and how many of each kind were found (for logs and metrics, never the values). */
public record Redaction(String text, Map<SecretKind, Integer> counts) {

    public Redaction {
        counts = counts.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(counts));
    }

    public int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    public Set<SecretKind> kinds() {
        return counts.keySet();
    }

    public int count(SecretKind kind) {
        return counts.getOrDefault(kind, 0);
    }
}
