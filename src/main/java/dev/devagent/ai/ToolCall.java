package dev.devagent.ai;

import java.util.Map;

/** A planned call of one agent tool with its arguments. */
public record ToolCall(String tool, Map<String, String> arguments) {
}
