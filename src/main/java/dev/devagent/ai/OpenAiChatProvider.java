package dev.devagent.ai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.TokenUsage;

/**
 * Answers with an OpenAI-compatible model: the retrieved facts go in as delimited data, the model may call
 * the agent's tools (up to max-tool-rounds), and the answer streams out as it is written (tokens that arrive
 * together share a query:token frame, see {@link TokenBatcher}). Citations are
 * kept only for sources that were really retrieved and that the answer refers to.
 */
public class OpenAiChatProvider implements ChatProvider, AutoCloseable {

    static final String NAME = "openai";
    private static final Pattern SOURCE_REF = Pattern.compile("\\[(\\d{1,3})]");
    private static final TypeReference<Map<String, Object>> ARGS = new TypeReference<>() { };

    private final StreamingChatModel streaming;
    private final ChatModel cheap;
    private final PromptBuilder prompts;
    private final ToolRegistry tools;
    private final TokenStream tokens;
    private final QueryCancellation cancellation;
    private final AiUsage usage;
    private final AiSettings settings;
    private final ObjectMapper mapper;
    // the hard cap on calls in flight at the provider: held until a call really ends, even after the
    // route's timeout has given up on it (a throttle or bulkhead alone lets the next call in then)
    private final java.util.concurrent.Semaphore inFlight;
    // sends the tokens an answer's batcher held back once their interval is over (one thread for all answers)
    private final java.util.concurrent.ScheduledThreadPoolExecutor flushTimer;

    OpenAiChatProvider(StreamingChatModel streaming, ChatModel cheap, PromptBuilder prompts, ToolRegistry tools,
                       TokenStream tokens, QueryCancellation cancellation, AiUsage usage, AiSettings settings,
                       ObjectMapper mapper) {
        this.streaming = streaming;
        this.cheap = cheap;
        this.prompts = prompts;
        this.tools = tools;
        this.tokens = tokens;
        this.cancellation = cancellation;
        this.usage = usage;
        this.settings = settings;
        this.mapper = mapper;
        this.inFlight = new java.util.concurrent.Semaphore(Math.max(1, settings.maxConcurrent()), true);
        this.flushTimer = new java.util.concurrent.ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "ai-token-flush");
            thread.setDaemon(true);
            return thread;
        });
        flushTimer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void close() {
        flushTimer.shutdownNow();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String model() {
        return settings.model();
    }

    /**
     * Planning rounds run on the cheap model with the tools offered; once it stops asking for tools, the
     * answer model writes (and streams) the reply from everything gathered. With speculative-answer on, the
     * answer starts streaming (held back) alongside the first planning round: if that round asks for no
     * tool, the held tokens go out at once and the answer carries on; if it does, the early answer is
     * cancelled and a new one starts after the tools ran.
     */
    @Override
    public ChatAnswer chat(ChatRequest request) {
        List<ChatMessage> messages = new ArrayList<>(prompts.build(request));
        List<Fact> sources = new ArrayList<>(request.facts());
        List<ToolSpecification> specifications = specifications();
        long[] used = {0, 0};
        boolean planning = settings.maxToolRounds() > 0 && !specifications.isEmpty();
        AnswerStream early = planning && settings.speculativeAnswer()
                ? new AnswerStream(List.copyOf(messages), request, true) : null;
        try {
            for (int round = 0; planning && round < settings.maxToolRounds(); round++) {
                var plan = dev.langchain4j.model.chat.request.ChatRequest.builder()
                        .messages(messages).toolSpecifications(specifications).build();
                acquire();
                ChatResponse planned;
                try {
                    planned = cheap.chat(plan);
                } finally {
                    inFlight.release();
                }
                count(planned, used, settings.cheapModel(), request);
                AiMessage ai = planned.aiMessage();
                if (!ai.hasToolExecutionRequests()) {
                    break;
                }
                if (early != null) {
                    early.discard(planned.tokenUsage());
                    early = null;
                }
                messages.add(ai);
                for (ToolExecutionRequest call : ai.toolExecutionRequests()) {
                    List<Fact> found = tools.run(List.of(new ToolCall(call.name(), arguments(call.arguments()))));
                    StringBuilder result = new StringBuilder();
                    for (Fact fact : found) {
                        sources.add(fact);
                        result.append(PromptBuilder.source(sources.size(), fact));
                    }
                    messages.add(ToolExecutionResultMessage.from(call,
                            result.length() == 0 ? "No results." : result.toString()));
                }
            }
        } catch (RuntimeException e) {
            if (early != null) {
                early.discard(null);
            }
            throw e;
        }
        AnswerStream answer = early != null ? early : new AnswerStream(messages, request, false);
        answer.release();
        ChatResponse response = answer.await();
        long promptBefore = used[0];
        long completionBefore = used[1];
        count(response, used, settings.model(), request);
        usage.record(request.userId(), request.queryId(), NAME, settings.model(), "chat", used[0] - promptBefore,
                used[1] - completionBefore, false);
        String text = response.aiMessage().text() == null ? "" : response.aiMessage().text();
        return new ChatAnswer(text, NAME, settings.model(), false, citations(text, sources), used[0], used[1]);
    }

    private void count(ChatResponse response, long[] used, String model, ChatRequest request) {
        TokenUsage tokens = response.tokenUsage();
        long prompt = tokens == null || tokens.inputTokenCount() == null ? 0 : tokens.inputTokenCount();
        long completion = tokens == null || tokens.outputTokenCount() == null ? 0 : tokens.outputTokenCount();
        used[0] += prompt;
        used[1] += completion;
        if (!model.equals(settings.model())) {
            usage.record(request.userId(), request.queryId(), NAME, model, "planning", prompt, completion, false);
        }
    }

    /** A short title (at most 8 words) from the cheap model. */
    public String title(String question) {
        String answer = cheap.chat(List.of(dev.langchain4j.data.message.SystemMessage.from(
                        "Write a title of at most 8 words for a conversation that starts with the user's message. "
                                + "Reply with the title only."), UserMessage.from(question)))
                .aiMessage().text();
        return Titles.clean(answer);
    }

    /**
     * One streamed answer call. Tokens go out as query:token events in order; while {@code held}, they are
     * kept back until {@link #release()} (or dropped by {@link #discard}, which cancels the call).
     */
    private final class AnswerStream implements StreamingChatResponseHandler {

        private final ChatRequest request;
        private final CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        private final java.util.concurrent.atomic.AtomicBoolean permitReleased =
                new java.util.concurrent.atomic.AtomicBoolean();
        private final List<String> heldBack = new ArrayList<>();
        private final TokenBatcher batch;
        private boolean held;
        private boolean discarded;
        private TokenUsage planningUsage;
        private boolean counted;
        private int received;
        private int streamed;

        AnswerStream(List<ChatMessage> messages, ChatRequest request, boolean held) {
            this.request = request;
            this.held = held;
            this.batch = request.queryId() == null ? null : new TokenBatcher(tokens, request.conversationId(),
                    request.queryId(), settings.tokenFlushInterval(), flushTimer);
            acquire();
            streaming.chat(dev.langchain4j.model.chat.request.ChatRequest.builder().messages(messages).build(), this);
        }

        @Override
        public void onPartialResponse(dev.langchain4j.model.chat.response.PartialResponse partial,
                                      dev.langchain4j.model.chat.response.PartialResponseContext context) {
            String token = partial.text();
            synchronized (this) {
                if (discarded) {
                    context.streamingHandle().cancel();
                    endUnused(null);
                    return;
                }
                if (done.isDone() || token == null || token.isEmpty()) {
                    return;
                }
                received++;
                if (held) {
                    heldBack.add(token);
                    return;
                }
                send(token);
            }
        }

        private void send(String token) {
            int index = streamed++;
            if (index % 16 == 15 && request.queryId() != null && cancellation.isCancelled(request.queryId())) {
                done.completeExceptionally(new CancellationException("query cancelled"));
                return;
            }
            if (batch != null) {
                batch.add(token);
            }
        }

        /** The planning asked for no tool: this is the answer; what was held goes out now, in order. */
        synchronized void release() {
            held = false;
            // the call may have ended already (all of it held): what was held still goes out, unless cancelled
            for (String token : heldBack) {
                if (done.isCompletedExceptionally()) {
                    break;
                }
                send(token);
            }
            heldBack.clear();
        }

        /** The planning asked for tools: this early answer is not used; cancel it, count what it cost. */
        synchronized void discard(TokenUsage planning) {
            discarded = true;
            planningUsage = planning;
            heldBack.clear();
            if (batch != null) {
                batch.close();
            }
            if (done.isDone() && !done.isCompletedExceptionally()) {
                countUnused(done.join());
            }
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            end(response, null);
        }

        @Override
        public void onError(Throwable error) {
            end(null, error);
        }

        private void end(ChatResponse response, Throwable error) {
            releasePermit();
            synchronized (this) {
                if (discarded) {
                    countUnused(response);
                    return;
                }
            }
            if (error == null) {
                done.complete(response);
            } else {
                done.completeExceptionally(error);
            }
        }

        private void endUnused(ChatResponse response) {
            releasePermit();
            countUnused(response);
        }

        /**
         * Counted once, as a "speculative" call: the usage the model reported, or when it was cancelled before
         * reporting, the planning round's prompt tokens (the same messages) and the tokens it had streamed.
         */
        private void countUnused(ChatResponse response) {
            if (counted) {
                return;
            }
            counted = true;
            TokenUsage reported = response == null ? null : response.tokenUsage();
            long prompt = reported != null && reported.inputTokenCount() != null ? reported.inputTokenCount()
                    : planningUsage != null && planningUsage.inputTokenCount() != null
                    ? planningUsage.inputTokenCount() : 0;
            long completion = reported != null && reported.outputTokenCount() != null
                    ? reported.outputTokenCount() : received;
            usage.record(request.userId(), request.queryId(), NAME, settings.model(), "speculative", prompt,
                    completion, false);
        }

        private void releasePermit() {
            if (permitReleased.compareAndSet(false, true)) {
                inFlight.release();
            }
        }

        /** The complete response, once every token of it has gone out (before the caller reports completion). */
        ChatResponse await() {
            boolean answered = false;
            try {
                ChatResponse response = done.get(settings.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
                answered = true;
                return response;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the model", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("the model did not answer in " + settings.requestTimeout(), e);
            } finally {
                if (batch != null) {
                    if (answered) {
                        batch.flush();
                    } else {
                        batch.close();
                    }
                }
            }
        }
    }

    private void acquire() {
        try {
            if (!inFlight.tryAcquire(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("no model capacity within " + settings.requestTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for model capacity", e);
        }
    }

    private List<ToolSpecification> specifications() {
        List<ToolSpecification> specs = new ArrayList<>();
        for (AgentTool tool : tools.all()) {
            JsonObjectSchema.Builder parameters = JsonObjectSchema.builder();
            tool.parameters().forEach(parameters::addStringProperty);
            if (!tool.parameters().isEmpty()) {
                parameters.required(List.copyOf(tool.parameters().keySet()).subList(0, 1));
            }
            specs.add(ToolSpecification.builder().name(tool.name()).description(tool.description())
                    .parameters(parameters.build()).build());
        }
        return specs;
    }

    private Map<String, String> arguments(String json) {
        Map<String, String> arguments = new LinkedHashMap<>();
        try {
            mapper.readValue(json == null || json.isBlank() ? "{}" : json, ARGS)
                    .forEach((k, v) -> arguments.put(k, v == null ? "" : String.valueOf(v)));
        } catch (Exception e) {
            // a malformed tool call gets no arguments; the tool answers with nothing
        }
        return arguments;
    }

    /** Citations of the sources the answer refers to as [n]; references to anything not retrieved are dropped. */
    static List<Citation> citations(String text, List<Fact> sources) {
        List<Citation> cited = new ArrayList<>();
        Matcher refs = SOURCE_REF.matcher(text);
        while (refs.find()) {
            int n = Integer.parseInt(refs.group(1));
            if (n >= 1 && n <= sources.size()) {
                Citation c = sources.get(n - 1).citation();
                if (c != null && !cited.contains(c)) {
                    cited.add(c);
                }
            }
        }
        return cited;
    }
}
