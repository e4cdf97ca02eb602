package dev.devagent.ai;

/** Tells a streaming provider that the query it answers was cancelled or deleted, so it stops. */
public interface QueryCancellation {

    boolean isCancelled(String queryId);
}
