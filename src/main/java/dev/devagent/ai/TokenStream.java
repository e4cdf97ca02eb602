package dev.devagent.ai;

import java.util.UUID;

/** Where streamed answer tokens go (live query:token events). */
public interface TokenStream {

    void token(UUID conversationId, String queryId, int index, String token);
}
