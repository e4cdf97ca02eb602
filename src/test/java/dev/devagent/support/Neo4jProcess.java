package dev.devagent.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.io.ByteUnit;

import static org.awaitility.Awaitility.await;

/**
 * A Neo4j 5 server of a drill's own: the embedded engine in a separate JVM with Bolt on a free port
 * (auth off), data in a directory that survives {@link #stop()} and {@link #start()}.
 */
public final class Neo4jProcess implements AutoCloseable {

    private final Path home;
    private final int port;
    private JavaProcess process;

    public Neo4jProcess(Path home) {
        this.home = home;
        this.port = TestEnvironment.freePort();
    }

    public String boltUri() {
        return "bolt://127.0.0.1:" + port;
    }

    /** Starts the server and waits until it answers over Bolt. */
    public Neo4jProcess start() {
        process = JavaProcess.start(Neo4jProcess.class.getName(), List.of("-Xmx384m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1"), Map.of(), List.of(home.toString(), String.valueOf(port)),
                home.resolveSibling(home.getFileName() + ".log"));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("Neo4j exited:\n" + process.logText());
            }
            return answers();
        });
        return this;
    }

    public boolean answers() {
        try (var driver = GraphDatabase.driver(boltUri(), AuthTokens.none());
             var session = driver.session()) {
            session.run("RETURN 1").consume();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The server is gone (SIGKILL): connections drop, the port closes. */
    public void kill() {
        process.kill();
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop();
        }
    }

    /** The separate JVM: runs the engine until it is terminated. */
    public static void main(String[] args) throws InterruptedException {
        DatabaseManagementService service = new DatabaseManagementServiceBuilder(Path.of(args[0]))
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", Integer.parseInt(args[1])))
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse("32m"))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofMillis(100))
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofMillis(100))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(service::shutdown));
        new CountDownLatch(1).await();
    }
}
