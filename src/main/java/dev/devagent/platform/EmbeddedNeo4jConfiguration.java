package dev.devagent.platform;

import java.nio.file.Path;
import java.time.Duration;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.driver.AuthTokens;
import org.neo4j.io.ByteUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Zero-configuration Neo4j 5 (Community, in-process) with Bolt on 127.0.0.1: used only when
 * {@code NEO4J_URI} is unset and the engine is on the classpath. Data under {@code DATA_DIR/neo4j}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = EmbeddedNeo4jConfiguration.ENGINE_CLASS)
@ConditionalOnExpression("'${" + EmbeddedNeo4jConfiguration.SERVER_SETTING + ":}'.isBlank()")
class EmbeddedNeo4jConfiguration {

    static final String ENGINE_CLASS = "org.neo4j.dbms.api.DatabaseManagementServiceBuilder";
    /** Set: the external server is used instead. */
    static final String SERVER_SETTING = "NEO4J_URI";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedNeo4jConfiguration.class);

    /**
     * The engine {@link EmbeddedEngineBoot} started when the context was created (it takes several seconds,
     * and nothing needs it before the context is refreshed; the context waits for it here). A context created
     * without that listener starts it here. The driver only needs the Bolt address, known beforehand, and
     * connects on first use.
     */
    @Bean(destroyMethod = "shutdown")
    DatabaseManagementService embeddedNeo4j(AgentProperties properties,
                                            @Qualifier(EmbeddedEngineBoot.NEO4J) ObjectProvider<EmbeddedEngineBoot<?>> boot) {
        EmbeddedEngineBoot<?> started = boot.getIfAvailable();
        return started != null ? (DatabaseManagementService) started.claim() : start(properties);
    }

    static DatabaseManagementService start(AgentProperties properties) {
        Path home = properties.dataDir().resolve("neo4j").toAbsolutePath();
        int port = properties.embedded().neo4jBoltPort();
        DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory,
                        ByteUnit.parse(properties.embedded().neo4jPagecache()))
                // without these, shutdown waits ~10 s for idle Bolt threads
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofMillis(100))
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofMillis(100))
                .build();
        log.info("Embedded Neo4j 5 with Bolt on 127.0.0.1:{} (data in {})", port, home);
        return service;
    }

    @Bean
    Neo4jEndpoint neo4jEndpoint(AgentProperties properties) {
        return new Neo4jEndpoint("bolt://127.0.0.1:" + properties.embedded().neo4jBoltPort(), AuthTokens.none(), true);
    }
}
