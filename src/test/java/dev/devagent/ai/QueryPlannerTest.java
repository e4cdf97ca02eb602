package dev.devagent.ai;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QueryPlannerTest {

    private final QueryPlanner planner = new QueryPlanner(new ToolRegistry(List.of(
            tool("list_repositories"), tool("search_code"), tool("dependents"), tool("dependencies"), tool("impact"))));

    @Test
    void recognisesTheIntentOfTypicalQuestions() {
        assertThat(QueryPlanner.classify("which services depend on cortside.common.messages?"))
                .isEqualTo(Intent.DEPENDENCY);
        assertThat(QueryPlanner.classify("what breaks if we bump express to 5 in acme/billing-api?"))
                .isEqualTo(Intent.DEPENDENCY);
        assertThat(QueryPlanner.classify("where do we validate jwts?")).isEqualTo(Intent.SEARCH);
        assertThat(QueryPlanner.classify("list the repositories you know")).isEqualTo(Intent.REPOSITORY);
        assertThat(QueryPlanner.classify("good morning")).isEqualTo(Intent.OTHER);
    }

    @Test
    void pullsOutPackageAndRepositoryNamesFirst() {
        assertThat(QueryPlanner.terms("Which services depend on `Cortside.Common.Messages`, and at which versions?"))
                .startsWith("Cortside.Common.Messages");
        assertThat(QueryPlanner.terms("What breaks if we bump express to 5 in acme/billing-api?"))
                .contains("acme/billing-api", "express");
    }

    @Test
    void plansOnlyToolsThatExist() {
        QueryPlan plan = planner.plan("What breaks if we bump express to 5.0?", List.of());
        assertThat(plan.intent()).isEqualTo(Intent.DEPENDENCY);
        assertThat(plan.calls()).extracting(ToolCall::tool).containsExactly("dependents", "dependencies", "impact");
        assertThat(plan.calls().get(0).arguments()).containsEntry("package", "express");
        assertThat(plan.calls().get(2).arguments()).containsEntry("version", "5.0");

        QueryPlan vague = new QueryPlanner(new ToolRegistry(List.of(tool("list_repositories"))))
                .plan("which dependencies do we have?", List.of());
        assertThat(vague.calls()).extracting(ToolCall::tool).containsExactly("list_repositories");
    }

    private static AgentTool tool(String name) {
        return AgentTool.of(name, name, Map.of(), arguments -> List.of(Fact.of(name, "ran " + name)));
    }
}
