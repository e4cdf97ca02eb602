package dev.devagent.ai;

/** Something that turns a {@link ChatRequest} into an answer: the offline composer or an LLM. */
public interface ChatProvider {

    String name();

    String model();

    ChatAnswer chat(ChatRequest request);
}
