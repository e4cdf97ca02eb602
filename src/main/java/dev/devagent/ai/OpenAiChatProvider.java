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
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String model() {
        return settings.model();
    }

    @Override
    public ChatAnswer chat(ChatRequest request) {
        List<ChatMessage> messages = new ArrayList<>(prompts.build(request));
        List<Fact> sources = new ArrayList<>(request.facts());
        List<ToolSpecification> specifications = specifications();
        long promptTokens = 0;
        long completionTokens = 0;
        int[] streamed = {0};
        String text = "";
        for (int round = 0; round <= settings.maxToolRounds(); round++) {
            boolean toolsAllowed = round < settings.maxToolRounds() && !specifications.isEmpty();
            var lcRequest = dev.langchain4j.model.chat.request.ChatRequest.builder()
                    .messages(messages)
                    .toolSpecifications(toolsAllowed ? specifications : List.of())
                    .build();
            ChatResponse response = stream(lcRequest, request, streamed);
            TokenUsage used = response.tokenUsage();
            if (used != null) {
                promptTokens += used.inputTokenCount() == null ? 0 : used.inputTokenCount();
                completionTokens += used.outputTokenCount() == null ? 0 : used.outputTokenCount();
            }
            AiMessage ai = response.aiMessage();
            if (toolsAllowed && ai.hasToolExecutionRequests()) {
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
                continue;
            }
            text = ai.text() == null ? "" : ai.text();
            break;
        }
        usage.record(request.userId(), request.queryId(), NAME, settings.model(), "chat", promptTokens,
                completionTokens, false);
        return new ChatAnswer(text, NAME, settings.model(), false, citations(text, sources), promptTokens,
                completionTokens);
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
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
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
