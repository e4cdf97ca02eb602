package dev.devagent.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The one shared test context: the whole app on a random port with a throw-away database and an
 * embedded Neo4j. Every test class that uses exactly this annotation shares one boot.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "agent.queries.poll-interval-ms=100",
        "agent.queries.renew-interval-ms=1000",
        "agent.queries.lease-duration=5s",
        "agent.rate-limit.max-requests=100",
        "agent.rate-limit.ai-max-requests=5",
        "agent.security.jwt-secret=test-secret-that-is-long-enough-for-hs256-signing",
        "agent.security.admin-usernames=root-admin",
        "agent.security.first-user-admin=false",
        "agent.limits.max-body-bytes=65536",
        "agent.limits.max-message-chars=2000",
        // the fixture repositories are small: the larger ones get vector partitions of their own
        "agent.repositories.dedicated-index-min-files=6",
        // browsers of the end-to-end test load the app from 127.0.0.1 on a random port
        "agent.push.allowed-origin-pattern=http://localhost:5173|http://127[.]0[.]0[.]1:[0-9]+",
})
@ContextConfiguration(initializers = TestEnvironment.class)
public @interface ApiTest {
}
