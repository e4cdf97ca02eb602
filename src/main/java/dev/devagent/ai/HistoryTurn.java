package dev.devagent.ai;

/** A previous message of the conversation, oldest first in a history list. */
public record HistoryTurn(String role, String content) {
}
