package dev.devagent.ai;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The threads the AI breakers' time limiter runs model calls on ({@code camel.resilience4j.timeout-executor-service}).
 * Left unset, Camel hands each call to {@code ForkJoinPool.commonPool()}, which on a machine or pod with two CPUs
 * or fewer has no worker threads and starts a new thread for every call (a profile of the chat load showed one
 * per model call). Idle threads are kept for a minute and reused. The pool never rejects — a rejected call would
 * run on the route's thread, where the timeout cannot fire — because the bulkheads already bound the calls in flight.
 */
@Configuration(proxyBeanMethods = false)
class AiCallExecutorConfiguration {

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService aiCallExecutor() {
        AtomicInteger threads = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread thread = new Thread(task, "ai-call-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
