package dev.devagent.push;

import java.util.Map;
import java.util.UUID;

import dev.devagent.ai.TokenStream;
import org.springframework.stereotype.Component;

/** Streamed answer tokens go out as live-only query:token events (never stored). */
@Component
class LiveTokenStream implements TokenStream {

    private final PushPublisher publisher;

    LiveTokenStream(PushPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void token(UUID conversationId, String queryId, int index, String token) {
        publisher.publishLive(conversationId, queryId, "query:token", Map.of("index", index, "token", token));
    }
}
