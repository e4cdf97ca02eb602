package dev.devagent.drills;

import java.nio.file.Path;

import dev.devagent.support.Neo4jProcess;
import dev.devagent.support.PostgresCluster;
import org.springframework.util.FileSystemUtils;

/**
 * The drills' own PostgreSQL cluster and Neo4j server, started once per test JVM on free ports and
 * stopped when it exits. Each drill takes a fresh database on the cluster; a drill that stops a server
 * starts it again before it ends.
 */
final class DrillServers {

    private static PostgresCluster postgres;
    private static Neo4jProcess neo4j;

    private DrillServers() {
    }

    static synchronized PostgresCluster postgres() {
        if (postgres == null) {
            postgres = PostgresCluster.start();
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::close));
        }
        return postgres;
    }

    static synchronized Neo4jProcess neo4j() throws java.io.IOException {
        if (neo4j == null) {
            Path dir = java.nio.file.Files.createTempDirectory("devagent-drill-neo4j-");
            neo4j = new Neo4jProcess(dir.resolve("neo4j")).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                neo4j.close();
                FileSystemUtils.deleteRecursively(dir.toFile());
            }));
        }
        return neo4j;
    }
}
