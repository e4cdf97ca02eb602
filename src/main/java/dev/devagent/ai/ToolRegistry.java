package dev.devagent.ai;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** All agent tools by name; runs a plan's calls and collects their facts. */
@Component("agentTools")
public class ToolRegistry {

    private static final Logger log = LoggerFactory.getLogger(ToolRegistry.class);

    private final Map<String, AgentTool> tools;

    ToolRegistry(List<AgentTool> tools) {
        this.tools = tools.stream().collect(Collectors.toMap(AgentTool::name, Function.identity()));
    }

    public boolean has(String name) {
        return tools.containsKey(name);
    }

    public List<AgentTool> all() {
        return tools.values().stream().sorted(Comparator.comparing(AgentTool::name)).toList();
    }

    public List<Fact> run(List<ToolCall> calls) {
        List<Fact> facts = new ArrayList<>();
        for (ToolCall call : calls) {
            AgentTool tool = tools.get(call.tool());
            if (tool == null) {
                continue;
            }
            try {
                facts.addAll(tool.run(call.arguments()));
            } catch (RuntimeException e) {
                // one failing source (e.g. the graph is down) must not sink the whole answer
                log.warn("Tool {} failed: {}", call.tool(), e.toString());
                facts.add(Fact.of(call.tool(), "The " + call.tool() + " tool is unavailable right now."));
            }
        }
        return facts;
    }
}
