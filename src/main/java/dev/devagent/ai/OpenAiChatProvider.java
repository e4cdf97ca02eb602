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
 * the agent's tools (up to max-tool-rounds), and the answer streams out token by token. Citations are
 * kept only for sources that were really retrieved and that the answer refers to.
 */
public class OpenAiChatProvider implements ChatProvider {

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
     * answer model writes (and streams) the reply from everything gathered.
     */
    @Override
    public ChatAnswer chat(ChatRequest request) {
        List<ChatMessage> messages = new ArrayList<>(prompts.build(request));
        List<Fact> sources = new ArrayList<>(request.facts());
        List<ToolSpecification> specifications = specifications();
        long[] used = {0, 0};
        for (int round = 0; round < settings.maxToolRounds() && !specifications.isEmpty(); round++) {
            var planning = dev.langchain4j.model.chat.request.ChatRequest.builder()
                    .messages(messages).toolSpecifications(specifications).build();
            acquire();
            ChatResponse plan;
            try {
                plan = cheap.chat(planning);
            } finally {
                inFlight.release();
            }
            count(plan, used, settings.cheapModel(), request);
            AiMessage ai = plan.aiMessage();
            if (!ai.hasToolExecutionRequests()) {
                break;
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
        ChatResponse response = stream(dev.langchain4j.model.chat.request.ChatRequest.builder()
                .messages(messages).build(), request, new int[] {0});
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

    private ChatResponse stream(dev.langchain4j.model.chat.request.ChatRequest lcRequest, ChatRequest request,
                                int[] streamed) {
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        acquire();
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                inFlight.release();
            }
        };
        streaming.chat(lcRequest, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String token) {
                if (done.isDone() || token == null || token.isEmpty()) {
                    return;
                }
                int index = streamed[0]++;
                if (index % 16 == 15 && request.queryId() != null && cancellation.isCancelled(request.queryId())) {
                    done.completeExceptionally(new CancellationException("query cancelled"));
                    return;
                }
                if (request.queryId() != null) {
                    tokens.token(request.conversationId(), request.queryId(), index, token);
                }
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                release.run();
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                release.run();
                done.completeExceptionally(error);
            }
        });
        try {
            return done.get(settings.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
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
