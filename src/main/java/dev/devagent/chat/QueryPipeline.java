package dev.devagent.chat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.devagent.ai.AiBreaker;
import dev.devagent.ai.AiChat;
import dev.devagent.ai.ChatAnswer;
import dev.devagent.ai.HistoryTurn;
import dev.devagent.ai.QueryPlanner;
import dev.devagent.ai.ToolRegistry;
import dev.devagent.chat.ChatModels.QueryResult;
import dev.devagent.graph.FleetStats;
import dev.devagent.platform.AgentProperties;
import dev.devagent.platform.DependencyOutage;
import dev.devagent.push.PushPublisher;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The steps of the query-pipeline route: history → plan → retrieve → (answer, in direct:ai-chat) →
 * persist. Each step records its progress and event only while the query is still ours (not cancelled or
 * deleted), and the pipeline stops when it is not.
 */
@Component("queryPipeline")
public class QueryPipeline {

    private static final Logger log = LoggerFactory.getLogger(QueryPipeline.class);
    static final String AGENT = "orchestrator";

    private final QueryLeases leases;
    private final PushPublisher activity;
    private final JdbcTemplate jdbc;
    private final QueryPlanner planner;
    private final ToolRegistry tools;
    private final FleetStats fleet;
    private final int historySize;
    private final AiChat aiChat;
    private final ProducerTemplate camel;
    private final AiBreaker aiBreaker;

    QueryPipeline(QueryLeases leases, PushPublisher activity, JdbcTemplate jdbc, QueryPlanner planner,
                  ToolRegistry tools, FleetStats fleet, AgentProperties properties, AiChat aiChat,
                  @Lazy ProducerTemplate camel, AiBreaker aiBreaker) {
        this.aiBreaker = aiBreaker;
        this.leases = leases;
        this.activity = activity;
        this.jdbc = jdbc;
        this.planner = planner;
        this.tools = tools;
        this.fleet = fleet;
        this.historySize = properties.queries().historySize();
        this.aiChat = aiChat;
        this.camel = camel;
    }

    public List<ClaimedQuery> claim() {
        return leases.claimBatch();
    }

    public QueryContext start(ClaimedQuery query, Exchange exchange) {
        // whatever ends this exchange (also an error handled inside a sub-route, which skips the rest of the
        // pipeline), the claim goes: its lease then runs out and the query is resumed instead of kept forever
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                if (leases.isHeld(query.id())) {
                    log.warn("Query {} ended without an answer; it resumes when its lease expires", query.id());
                    leases.release(query);
                }
            }
        });
        MDC.put("queryId", query.id());
        MDC.put("conversationId", query.conversationId().toString());
        log.info("Processing query {} (attempt {})", query.id(), query.attempt());
        activity.publish(query.conversationId(), query.id(), "agent:spawned",
                Map.of("queryId", query.id(), "agentType", AGENT, "attempt", query.attempt(), "worker", query.owner()));
        step(query, "started", 5, "Working on your question");
        return new QueryContext(query);
    }

    /** The last N messages before this question, oldest first. */
    public QueryContext loadHistory(QueryContext context) {
        ClaimedQuery query = context.query();
        List<HistoryTurn> turns = jdbc.query("""
                SELECT role, content FROM (
                  SELECT role, content, seq FROM messages
                  WHERE conversation_id = ?
                    AND seq < coalesce((SELECT seq FROM messages WHERE id = ?), 9223372036854775807)
                  ORDER BY seq DESC LIMIT ?
                ) recent ORDER BY seq""",
                (rs, i) -> new HistoryTurn(rs.getString("role"), rs.getString("content")),
                query.conversationId(), query.messageId(), historySize);
        context.history(turns);
        step(query, "history", 20, "Read " + turns.size() + " earlier messages");
        return context;
    }

    public QueryContext plan(QueryContext context) {
        context.plan(planner.plan(context.query().text(), context.history()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("intent", context.plan().intent().label());
        data.put("tools", context.plan().calls().stream().map(c -> c.tool()).toList());
        step(context.query(), "planned", 35, "Planned: " + context.plan().intent().label() + " question", data);
        return context;
    }

    public QueryContext retrieve(QueryContext context) {
        context.fleet(fleet.summary());
        context.facts().addAll(tools.run(context.plan().calls()));
        step(context.query(), "retrieved", 60, "Found " + context.facts().size() + " relevant facts");
        return context;
    }

    public QueryContext answered(QueryContext context, ChatAnswer answer) {
        context.answer(answer);
        step(context.query(), "answered", 90, "Answer composed by " + answer.provider());
        return context;
    }

    public QueryContext complete(QueryContext context) {
        ClaimedQuery query = context.query();
        ChatAnswer answer = context.answer();
        QueryResult result = new QueryResult(answer.text(), answer.provider(), answer.model(), answer.degraded(),
                answer.citations());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("queryId", query.id());
        metadata.put("provider", answer.provider());
        metadata.put("model", answer.model());
        metadata.put("degraded", answer.degraded());
        metadata.put("intent", context.plan().intent().label());
        metadata.put("citations", answer.citations());
        if (leases.complete(query, result, AGENT, metadata)) {
            log.info("Query {} completed by {}", query.id(), answer.provider());
        } else {
            log.info("Query {} was cancelled, deleted or taken over; its answer is dropped", query.id());
        }
        clearMdc();
        return context;
    }

    /** After the first answer of a conversation, a model may write a better title than the question's first words. */
    public void retitle(QueryContext context) {
        ClaimedQuery query = context.query();
        // with the breaker open the model is known to be failing: a title call would only hold this worker
        if (!context.history().isEmpty() || !aiChat.usesModel() || aiBreaker.isOpen()) {
            return;
        }
        try {
            String title = camel.requestBody("direct:ai-title", query.text(), String.class);
            jdbc.update("UPDATE conversations SET title = ? WHERE id = ?", title, query.conversationId());
        } catch (RuntimeException e) {
            log.warn("Could not title conversation {}: {}", query.conversationId(), e.toString());
        }
    }

    /** The route's error handler: a step threw; fail the query visibly (unless it was abandoned). */
    public void failed(ClaimedQuery query, Exception error) {
        if (query == null) {
            return;
        }
        if (error instanceof QueryAbandoned || error instanceof java.util.concurrent.CancellationException) {
            leases.release(query);
            log.info("Query {} stopped: {}", query.id(), error.getMessage());
        } else if (DependencyOutage.of(error).isPresent()) {
            // the database is unreachable: nothing can be recorded now; the lease runs out and the query resumes
            leases.release(query);
            log.warn("Query {} interrupted ({}); it resumes when its lease expires", query.id(), error.toString());
        } else {
            log.error("Query {} failed", query.id(), error);
            leases.fail(query, "the query could not be answered: " + error.getClass().getSimpleName());
        }
        clearMdc();
    }

    private void step(ClaimedQuery query, String stage, int progress, String message) {
        step(query, stage, progress, message, Map.of());
    }

    /** Records the step (progress and event); a query no longer ours stops here, before the next step's work. */
    private void step(ClaimedQuery query, String stage, int progress, String message, Map<String, Object> extra) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("queryId", query.id());
        data.put("stage", stage);
        data.put("progress", progress);
        data.put("message", message);
        data.putAll(extra);
        if (!leases.step(query, progress, "query:progress", data)) {
            throw new QueryAbandoned(query.id());
        }
    }

    private static void clearMdc() {
        MDC.remove("queryId");
        MDC.remove("conversationId");
    }

    /** The query was cancelled, deleted or taken over by another worker: stop quietly. */
    static final class QueryAbandoned extends RuntimeException {
        QueryAbandoned(String queryId) {
            super("query " + queryId + " is no longer held by this worker");
        }
    }
}
