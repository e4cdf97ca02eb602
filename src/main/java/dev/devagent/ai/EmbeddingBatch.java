package dev.devagent.ai;

import java.util.List;

/** Vectors for a list of texts, in order, with the model that made them (vectors compare only within one model). */
public record EmbeddingBatch(String model, int dimensions, List<float[]> vectors) {
}
