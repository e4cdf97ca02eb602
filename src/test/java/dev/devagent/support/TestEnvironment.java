package dev.devagent.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * Gives every Spring test context its own throw-away database (random name) on the PostgreSQL of
 * POSTGRES_* (CI: the machine's server), or on an embedded PostgreSQL when none is given; and an
 * embedded Neo4j on a free port in a temp directory — never 7687 or ./data.
 */
public class TestEnvironment implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static EmbeddedPostgres embedded;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Server server = server();
        String database = "devagent_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(server, "postgres", "CREATE DATABASE " + database);
        requireVectorOnCi(server);
        Path dataDir = tempDir();

        Map<String, Object> properties = new HashMap<>();
        properties.put("POSTGRES_HOST", server.host());
        properties.put("POSTGRES_PORT", String.valueOf(server.port()));
        properties.put("POSTGRES_USER", server.user());
        properties.put("POSTGRES_PASSWORD", server.password());
        properties.put("POSTGRES_DB", database);
        properties.put("POSTGRES_SSLMODE", "disable");
        properties.put("NEO4J_URI", "");
        properties.put("agent.data-dir", dataDir.toString());
        properties.put("agent.embedded.neo4j-bolt-port", String.valueOf(freePort()));
        properties.put("agent.push.ws-port", String.valueOf(freePort()));
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test-environment", properties));

        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
                execute(server, "postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                FileSystemUtils.deleteRecursively(dataDir.toFile());
            }
        });
    }

    /** The server tests run on, from POSTGRES_* or an embedded one started once per JVM. */
    public static synchronized Server server() {
        String host = System.getenv("POSTGRES_HOST");
        if (host != null && !host.isBlank()) {
            return new Server(host, Integer.parseInt(env("POSTGRES_PORT", "5432")), env("POSTGRES_USER", "postgres"),
                    env("POSTGRES_PASSWORD", ""));
        }
        if (embedded == null) {
            try {
                embedded = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Server("127.0.0.1", embedded.getPort(), "postgres", "");
    }

    private static void requireVectorOnCi(Server server) {
        if (!"true".equalsIgnoreCase(System.getenv("CI"))) {
            return;
        }
        try (Connection c = server.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")) {
            if (!rs.next()) {
                throw new IllegalStateException("CI=true but the PostgreSQL server has no 'vector' extension: "
                        + "run scripts/install-pgvector.sh");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void execute(Server server, String database, String sql) {
        try (Connection c = server.connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Test database setup failed: " + sql, e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path tempDir() {
        try {
            return Files.createTempDirectory("devagent-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    public record Server(String host, int port, String user, String password) {

        public Connection connect(String database) throws SQLException {
            return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/"
                    + database.toLowerCase(Locale.ROOT), user, password);
        }
    }
}
