package dev.devagent.ops;

import java.util.UUID;

import dev.devagent.support.ApiTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Driver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ApiTest
class HousekeepingTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ProducerTemplate camel;
    @Autowired
    Driver neo4j;

    @Test
    void dropsEventsPastRetentionAndExpiredRevocations() {
        long old = jdbc.queryForObject("INSERT INTO agent_activity (type, created_at) "
                + "VALUES ('query:progress', now() - interval '8 days') RETURNING id", Long.class);
        long recent = jdbc.queryForObject("INSERT INTO agent_activity (type, created_at) "
                + "VALUES ('query:progress', now() - interval '6 days') RETURNING id", Long.class);
        String expired = UUID.randomUUID().toString();
        String live = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO revoked_tokens (jti, expires_at) VALUES (?, now() - interval '1 minute'), "
                + "(?, now() + interval '1 hour')", expired, live);

        camel.sendBody("direct:ops-housekeeping", null);

        assertThat(jdbc.queryForList("SELECT id FROM agent_activity WHERE id IN (?, ?)", Long.class, old, recent))
                .containsExactly(recent);
        assertThat(jdbc.queryForList("SELECT jti FROM revoked_tokens WHERE jti IN (?, ?)", String.class, expired, live))
                .containsExactly(live);
    }

    @Test
    void graphSchemaHasUniqueKeys() {
        await().untilAsserted(() -> {
            try (var session = neo4j.session()) {
                var names = session.run("SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names").single()
                        .get("names").asList(org.neo4j.driver.Value::asString);
                assertThat(names).contains("repository_full_name", "package_key");
            }
        });
    }
}
