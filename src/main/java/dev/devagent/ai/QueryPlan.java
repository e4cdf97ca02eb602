package dev.devagent.ai;

import java.util.List;

/** The planner's decision: the intent, the notable terms of the question and the tools to run. */
public record QueryPlan(Intent intent, List<String> terms, List<ToolCall> calls) {
}
