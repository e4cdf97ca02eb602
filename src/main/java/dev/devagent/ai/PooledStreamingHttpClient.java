package dev.devagent.ai;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executor;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventListenerUtils;
import dev.langchain4j.http.client.sse.ServerSentEventParser;

/**
 * The streaming model client's HTTP client, on the JDK's: a streamed answer is read on the app's model-call threads. langchain4j's JDK client reads a stream in a continuation of the JDK client's
 * future, which the JDK runs on {@code ForkJoinPool.commonPool()}: on a machine with more than two CPUs that pool
 * has one thread per CPU but one, and a stream holds its thread for as long as the model writes, so no more
 * answers could stream at once than that, whatever {@code AI_MAX_CONCURRENT} says; with two CPUs or fewer
 * every streamed answer started a thread of its own. Errors reach the listener as with langchain4j's client: a
 * non-2xx status as {@link HttpException} with the body, a read timeout as {@link TimeoutException}.
 */
final class PooledStreamingHttpClient implements HttpClient {

    private final java.net.http.HttpClient http;
    private final Duration readTimeout;
    private final Executor streams;

    private PooledStreamingHttpClient(Builder builder) {
        java.net.http.HttpClient.Builder http = java.net.http.HttpClient.newBuilder();
        if (builder.connectTimeout != null) {
            http.connectTimeout(builder.connectTimeout);
        }
        this.http = http.build();
        this.readTimeout = builder.readTimeout;
        this.streams = builder.streams;
    }

    static Builder builder(Executor streams) {
        return new Builder(streams);
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(toJdkRequest(request), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() < 200 || response.statusCode() >= 300) {
                throw new HttpException(response.statusCode(), response.body());
            }
            return SuccessfulHttpResponse.builder().statusCode(response.statusCode())
                    .headers(response.headers().map()).body(response.body()).build();
        } catch (HttpTimeoutException e) {
            throw new TimeoutException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the model", e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        java.net.http.HttpRequest jdkRequest = toJdkRequest(request);
        streams.execute(() -> stream(jdkRequest, parser, listener));
    }

    private void stream(java.net.http.HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() < 200 || response.statusCode() >= 300) {
                    HttpException failure = new HttpException(response.statusCode(),
                            new String(body.readAllBytes(), StandardCharsets.UTF_8));
                    ServerSentEventListenerUtils.ignoringExceptions(() -> listener.onError(failure));
                    return;
                }
                SuccessfulHttpResponse opened = SuccessfulHttpResponse.builder().statusCode(response.statusCode())
                        .headers(response.headers().map()).build();
                ServerSentEventListenerUtils.ignoringExceptions(() -> listener.onOpen(opened));
                parser.parse(body, listener);
                ServerSentEventListenerUtils.ignoringExceptions(listener::onClose);
            }
        } catch (HttpTimeoutException e) {
            ServerSentEventListenerUtils.ignoringExceptions(() -> listener.onError(new TimeoutException(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ServerSentEventListenerUtils.ignoringExceptions(() -> listener.onError(e));
        } catch (IOException | RuntimeException e) {
            ServerSentEventListenerUtils.ignoringExceptions(() -> listener.onError(e));
        }
    }

    /** The model clients send JSON bodies only (no multipart). */
    private java.net.http.HttpRequest toJdkRequest(HttpRequest request) {
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
        request.headers().forEach((name, values) -> {
            if (values != null) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        builder.method(request.method().name(), request.body() == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
        if (readTimeout != null) {
            builder.timeout(readTimeout);
        }
        return builder.build();
    }

    static final class Builder implements HttpClientBuilder {

        private final Executor streams;
        private Duration connectTimeout;
        private Duration readTimeout;

        private Builder(Executor streams) {
            this.streams = streams;
        }

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        @Override
        public PooledStreamingHttpClient build() {
            return new PooledStreamingHttpClient(this);
        }
    }
}
