package dev.devagent.platform;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one Neo4j driver of the app. Defined here so camel-neo4j and our Cypher beans never fall back
 * to Boot's auto-configured driver for bolt://localhost:7687.
 */
@Configuration(proxyBeanMethods = false)
class Neo4jConfiguration {

    @Bean
    @ConditionalOnExpression("!'${NEO4J_URI:}'.isBlank()")
    Neo4jEndpoint externalNeo4jEndpoint(@Value("${NEO4J_URI}") String uri,
                                        @Value("${NEO4J_USER:neo4j}") String user,
                                        @Value("${NEO4J_PASSWORD:}") String password) {
        return new Neo4jEndpoint(uri, password.isEmpty() ? AuthTokens.none() : AuthTokens.basic(user, password), false);
    }

    @Bean(destroyMethod = "close")
    Driver neo4jDriver(Neo4jEndpoint endpoint, @Value("${NEO4J_MAX_RETRY_TIME:5s}") Duration maxRetryTime) {
        // TLS follows the URI scheme (neo4j+s://, bolt+s://), as the driver defines it.
        Config config = Config.builder()
                .withConnectionTimeout(5, TimeUnit.SECONDS)
                // managed transactions retry an unreachable server for 30 s by default: every graph tool of
                // an answer would wait that long while Neo4j is down, so give up sooner and degrade
                .withMaxTransactionRetryTime(maxRetryTime.toMillis(), TimeUnit.MILLISECONDS)
                .withMaxConnectionPoolSize(20)
                .build();
        return GraphDatabase.driver(endpoint.uri(), endpoint.auth(), config);
    }
}
