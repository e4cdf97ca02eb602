package dev.devagent.ai;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.devagent.support.FakeOpenAi;
import dev.devagent.support.FakeOpenAi.Reply;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** langchain4j's OpenAI streaming client over the real wire protocol (the fake), with streams read on a pool. */
class PooledStreamingHttpClientTest {

    private static final FakeOpenAi FAKE = new FakeOpenAi();
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newCachedThreadPool(
            task -> new Thread(task, "model-stream-" + THREADS.incrementAndGet()));

    @AfterAll
    static void stop() {
        FAKE.close();
        POOL.shutdownNow();
    }

    private static OpenAiStreamingChatModel model() {
        return OpenAiStreamingChatModel.builder().httpClientBuilder(PooledStreamingHttpClient.builder(POOL))
                .baseUrl(FAKE.baseUrl()).apiKey("test-key").modelName("gpt-4o-mini").timeout(Duration.ofSeconds(5))
                .build();
    }

    /** Streams one answer; the tokens and the thread each one arrived on. */
    private static CompletableFuture<ChatResponse> stream(OpenAiStreamingChatModel model, String question,
                                                          List<String> tokens, List<String> threads) {
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        model.chat(question, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String token) {
                tokens.add(token);
                threads.add(Thread.currentThread().getName());
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        return done;
    }

    @Test
    void streamedAnswersAreReadOnThePoolAndManyStreamAtOnce() throws Exception {
        FAKE.behave(request -> Reply.text("one two three four five six", 10, 6).paced(100));
        OpenAiStreamingChatModel model = model();
        List<CompletableFuture<ChatResponse>> answers = new java.util.ArrayList<>();
        List<List<String>> tokens = new java.util.ArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 8; i++) {
            List<String> streamed = new CopyOnWriteArrayList<>();
            tokens.add(streamed);
            answers.add(stream(model, "question " + i, streamed, threads));
        }
        for (CompletableFuture<ChatResponse> answer : answers) {
            assertThat(answer.get(20, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("one two three four five six");
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(tokens).allSatisfy(streamed -> assertThat(String.join("", streamed))
                .isEqualTo("one two three four five six"));
        assertThat(threads).isNotEmpty().allSatisfy(name -> assertThat(name).startsWith("model-stream-"));
        // each stream takes ~600 ms of model time: one after another would be ~4.8 s
        assertThat(elapsedMs).as("the eight streams overlapped").isLessThan(3_000);
    }

    @Test
    void anErrorStatusReachesTheHandlerWithItsStatusAndBody() throws Exception {
        FAKE.behave(request -> Reply.status(503));
        CompletableFuture<ChatResponse> answer = stream(model(), "question", new CopyOnWriteArrayList<>(),
                new CopyOnWriteArrayList<>());
        Throwable error = org.assertj.core.api.Assertions.catchThrowable(() -> answer.get(10, TimeUnit.SECONDS));
        assertThat(error).hasRootCauseInstanceOf(HttpException.class);
        HttpException http = (HttpException) org.assertj.core.util.Throwables.getRootCause(error);
        assertThat(http.statusCode()).isEqualTo(503);
        assertThat(http.getMessage()).contains("fake failure");
    }

    @Test
    void aMalformedStreamFailsTheAnswerInsteadOfHangingIt() {
        FAKE.behave(request -> Reply.malformedJson());
        CompletableFuture<ChatResponse> answer = stream(model(), "question", new CopyOnWriteArrayList<>(),
                new CopyOnWriteArrayList<>());
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> answer.get(10, TimeUnit.SECONDS)))
                .isNotNull().isNotInstanceOf(java.util.concurrent.TimeoutException.class);
    }
}
