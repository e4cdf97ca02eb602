package dev.devagent.graph;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.devagent.support.Neo4jProcess;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.GraphDatabase;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app started before Neo4j: the schema is not reported ready while Neo4j is away, and is created once it
 * answers (a real Neo4j server in its own JVM, started late).
 */
class GraphSchemaTest {

    static final String STATEMENTS = """
            CREATE CONSTRAINT repository_full_name IF NOT EXISTS FOR (r:Repository) REQUIRE r.fullName IS UNIQUE;
            CREATE INDEX package_name_key IF NOT EXISTS FOR (p:Package) ON (p.nameKey);
            """;

    @Test
    void theSchemaIsCreatedWhenNeo4jArrivesAfterTheApp() throws Exception {
        Path dir = Files.createTempDirectory("devagent-graph-schema-");
        try (Neo4jProcess neo4j = new Neo4jProcess(dir.resolve("neo4j"));
             var driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none(),
                     Config.builder().withConnectionTimeout(2, TimeUnit.SECONDS).build())) {
            GraphSchema schema = new GraphSchema(driver);

            assertThat(schema.ensure(STATEMENTS)).as("Neo4j is not there yet").isFalse();
            assertThat(schema.ensure(STATEMENTS)).isFalse();
            assertThat(schema.ready()).isFalse();

            neo4j.start();

            assertThat(schema.ensure(STATEMENTS)).isTrue();
            assertThat(schema.ready()).isTrue();
            try (var session = driver.session()) {
                List<String> constraints = session.run("SHOW CONSTRAINTS YIELD name RETURN name").list(r -> r.get(0).asString());
                List<String> indexes = session.run("SHOW INDEXES YIELD name RETURN name").list(r -> r.get(0).asString());
                assertThat(constraints).contains("repository_full_name");
                assertThat(indexes).contains("package_name_key");
            }
        } finally {
            FileSystemUtils.deleteRecursively(dir.toFile());
        }
    }
}
