package dev.devagent.ops;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code db_query_duration_seconds{operation,table}}: every statement the app sends to PostgreSQL (JdbcTemplate,
 * camel-sql, Flyway) is timed through a proxy around the pool. The table label is one of the schema's
 * tables (or {@code other}), so the series stay few whatever the SQL.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseQueryMetrics {

    static final Set<String> TABLES = Set.of("users", "revoked_tokens", "conversations", "messages", "queries",
            "agent_activity", "repositories", "audit_log", "rate_limit_buckets", "code_chunks", "code_chunk_vectors",
            "ai_cache", "ai_usage", "flyway_schema_history");
    private static final Set<String> OPERATIONS = Set.of("select", "insert", "update", "delete");
    /** A dozen fixed buckets (the slow-query alert's 250 ms among them) rather than ~70 per series. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    @Bean
    static BeanPostProcessor databaseQueryTimer(ObjectProvider<MeterRegistry> registry) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (!(bean instanceof DataSource dataSource) || bean instanceof net.ttddyy.dsproxy.support.ProxyDataSource) {
                    return bean;
                }
                return ProxyDataSourceBuilder.create(dataSource)
                        .name(beanName)
                        .listener(new TimingListener(registry))
                        .build();
            }
        };
    }

    /**
     * Records one timer sample per statement (a batch counts once). The app sends a few dozen distinct SQL texts,
     * so each is classified once and each label set's timer is looked up once, not built per statement.
     */
    static final class TimingListener implements QueryExecutionListener {

        /** Enough for every SQL text the app has; texts beyond it are classified each time, not remembered. */
        static final int MAX_REMEMBERED_STATEMENTS = 2048;

        private final ObjectProvider<MeterRegistry> registry;
        private final Map<String, Statement> statements = new ConcurrentHashMap<>();
        private final Map<Statement, Timer> succeeded = new ConcurrentHashMap<>();
        private final Map<Statement, Timer> failed = new ConcurrentHashMap<>();
        private volatile MeterRegistry meters;

        TimingListener(ObjectProvider<MeterRegistry> registry) {
            this.registry = registry;
        }

        @Override
        public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
        }

        @Override
        public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
            if (queryInfoList.isEmpty()) {
                return;
            }
            MeterRegistry registered = meters();
            if (registered == null) {
                return;
            }
            Statement statement = statement(queryInfoList.get(0).getQuery());
            boolean success = execInfo.isSuccess();
            (success ? succeeded : failed).computeIfAbsent(statement, s -> timer(registered, s, success))
                    .record(execInfo.getElapsedTime(), TimeUnit.MILLISECONDS);
        }

        /**
         * The pool serves Flyway before the registry exists; once it does, it is not looked up again (resolving
         * the bean on every statement cost more than the rest of this listener: ~7 % of a chat load's CPU).
         */
        private MeterRegistry meters() {
            MeterRegistry known = meters;
            if (known == null) {
                known = registry.getIfAvailable();
                meters = known;
            }
            return known;
        }

        private Statement statement(String sql) {
            Statement known = statements.get(sql);
            if (known != null) {
                return known;
            }
            Statement statement = classify(sql);
            if (statements.size() < MAX_REMEMBERED_STATEMENTS) {
                statements.put(sql, statement);
            }
            return statement;
        }

        private static Timer timer(MeterRegistry meters, Statement statement, boolean success) {
            return Timer.builder("db.query.duration")
                    .description("Time of SQL statements sent to PostgreSQL")
                    .tag("operation", statement.operation())
                    .tag("table", statement.table())
                    .tag("outcome", success ? "success" : "error")
                    .serviceLevelObjectives(BUCKETS)
                    .register(meters);
        }
    }

    record Statement(String operation, String table) {
    }

    /**
     * The operation (first keyword; a WITH … statement is named by its main verb) and the first schema table it
     * names after FROM, INTO or UPDATE.
     */
    static Statement classify(String sql) {
        String[] words = sql.toLowerCase(Locale.ROOT).split("[^a-z0-9_]+");
        String operation = null;
        String table = null;
        for (int i = 0; i < words.length; i++) {
            String word = words[i];
            if (operation == null && OPERATIONS.contains(word)) {
                operation = word;
            }
            if (table == null && i + 1 < words.length
                    && (word.equals("from") || word.equals("into") || word.equals("update") || word.equals("join"))
                    && TABLES.contains(words[i + 1])) {
                table = words[i + 1];
            }
            if (operation != null && table != null) {
                break;
            }
        }
        return new Statement(operation == null ? "other" : operation, table == null ? "other" : table);
    }
}
