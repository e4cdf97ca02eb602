package dev.devagent.ai;

import java.util.List;
import java.util.stream.IntStream;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LocalEmbeddingModelTest {

    @Test
    void singleThreadedInferencesGiveTheLibraryModelsVectors() {
        // a long text too: past the model's 510-token window the encoder averages the windows
        String longText = IntStream.range(0, 400).mapToObj(i -> "token" + i + " verify(jwt);").reduce("", String::concat);
        List<TextSegment> texts = List.of(TextSegment.from("verify the JWT and reject expired tokens"),
                TextSegment.from("<dependency><groupId>org.apache.camel</groupId></dependency>"),
                TextSegment.from("func main() { http.ListenAndServe(\":8080\", nil) }"),
                TextSegment.from(longText));
        List<Embedding> reference = new AllMiniLmL6V2QuantizedEmbeddingModel().embedAll(texts).content();
        try (LocalEmbeddingModel model = LocalEmbeddingModel.load(3)) {
            assertThat(model.parallelism()).isEqualTo(3);
            List<Embedding> ours = model.embedAll(texts).content();
            assertThat(ours).hasSameSizeAs(reference);
            for (int i = 0; i < ours.size(); i++) {
                float[] a = ours.get(i).vector();
                float[] b = reference.get(i).vector();
                assertThat(a).hasSize(AiEmbed.LOCAL_DIMENSIONS);
                double cosine = 0;
                for (int d = 0; d < a.length; d++) {
                    cosine += a[d] * b[d];
                }
                assertThat(cosine).as("text %d", i).isCloseTo(1.0, within(1e-4));
            }
            // and unlike texts stay apart
            double cross = 0;
            for (int d = 0; d < AiEmbed.LOCAL_DIMENSIONS; d++) {
                cross += ours.get(0).vector()[d] * ours.get(2).vector()[d];
            }
            assertThat(cross).isLessThan(0.9);
        }
    }

    @Test
    void oneThreadPerCpuWhenNotSet() {
        try (LocalEmbeddingModel model = LocalEmbeddingModel.load(0)) {
            assertThat(model.parallelism()).isEqualTo(Runtime.getRuntime().availableProcessors());
        }
    }
}
