package dev.devagent.ai;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One answer's streamed tokens on their way out as query:token frames. The first token goes out at once; later
 * ones that arrive within {@code interval} of the last frame are joined into the next frame, sent when the
 * interval is over. A frame is a NOTIFY, a listener wake-up and a WebSocket message on every replica: a model
 * streaming 100 tokens/s costs ~20 frames/s at a 50 ms interval instead of 100, and a reader sees no difference.
 * Frames are numbered 0, 1, 2, … ({@code index}); their texts concatenated are the answer as streamed.
 */
final class TokenBatcher {

    private final TokenStream out;
    private final UUID conversationId;
    private final String queryId;
    private final long intervalNanos;
    private final ScheduledExecutorService timer;
    private final StringBuilder pending = new StringBuilder();
    private int frames;
    private long lastFrameAt;
    private ScheduledFuture<?> scheduled;
    private boolean closed;

    TokenBatcher(TokenStream out, UUID conversationId, String queryId, Duration interval,
                 ScheduledExecutorService timer) {
        this.out = out;
        this.conversationId = conversationId;
        this.queryId = queryId;
        this.intervalNanos = interval == null ? 0 : Math.max(0, interval.toNanos());
        this.timer = timer;
    }

    synchronized void add(String token) {
        if (closed || token.isEmpty()) {
            return;
        }
        pending.append(token);
        long now = System.nanoTime();
        if (frames == 0 || intervalNanos == 0 || timer == null || now - lastFrameAt >= intervalNanos) {
            flush();
        } else if (scheduled == null) {
            scheduled = timer.schedule(this::flush, lastFrameAt + intervalNanos - now, TimeUnit.NANOSECONDS);
        }
    }

    /** Sends what is pending now (the answer is complete, or its interval is over). */
    synchronized void flush() {
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
        if (closed || pending.isEmpty()) {
            return;
        }
        String text = pending.toString();
        pending.setLength(0);
        lastFrameAt = System.nanoTime();
        out.token(conversationId, queryId, frames++, text);
    }

    /** Drops what is pending and anything added later (the answer failed or was cancelled). */
    synchronized void close() {
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
        pending.setLength(0);
        closed = true;
    }
}
