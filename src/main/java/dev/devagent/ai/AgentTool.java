package dev.devagent.ai;

import java.util.List;
import java.util.Map;

/**
 * A capability the planner can call: search code, dependents, dependencies, impact, list/describe
 * repositories. Both the offline rule-based planner and the LLM tool-calling planner use these.
 */
public interface AgentTool {

    /** snake_case name, as an LLM sees it. */
    String name();

    /** One sentence for the LLM's tool list. */
    String description();

    /** Argument names with a one-line description each. */
    Map<String, String> parameters();

    List<Fact> run(Map<String, String> arguments);

    /** A tool from its parts, for tools that are one query. */
    static AgentTool of(String name, String description, Map<String, String> parameters,
                        java.util.function.Function<Map<String, String>, List<Fact>> body) {
        return new AgentTool() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public Map<String, String> parameters() {
                return parameters;
            }

            @Override
            public List<Fact> run(Map<String, String> arguments) {
                return body.apply(arguments);
            }
        };
    }
}
