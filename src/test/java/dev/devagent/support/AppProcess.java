package dev.devagent.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * The whole app as its own JVM ({@code java -cp <test classpath> dev.devagent.DeveloperAgentApplication}),
 * configured through environment variables like a container: the prod profile, external PostgreSQL and
 * Neo4j, JSON logs into a file. Restarting keeps the ports, so clients can reconnect.
 */
public final class AppProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Map<String, String> env;
    private final Path dir;
    private final int port;
    private final int wsPort;
    private JavaProcess process;
    private int starts;

    private AppProcess(Map<String, String> env, Path dir, int port, int wsPort) {
        this.env = env;
        this.dir = dir;
        this.port = port;
        this.wsPort = wsPort;
    }

    /**
     * Settings for an app on the given database and Neo4j; {@code overrides} (env names or Spring
     * properties in env form, e.g. AGENT_QUERIES_LEASEDURATION) win.
     */
    public static AppProcess on(PostgresCluster postgres, String database, String neo4jUri, Map<String, String> overrides) {
        Path dir = drillDir("devagent-drill-app-");
        int port = TestEnvironment.freePort();
        int wsPort = TestEnvironment.freePort();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPRING_PROFILES_ACTIVE", "prod");
        env.put("PORT", String.valueOf(port));
        env.put("WS_PORT", String.valueOf(wsPort));
        env.put("POSTGRES_HOST", "127.0.0.1");
        env.put("POSTGRES_PORT", String.valueOf(postgres.port()));
        env.put("POSTGRES_USER", "postgres");
        env.put("POSTGRES_PASSWORD", "");
        env.put("POSTGRES_DB", database);
        env.put("POSTGRES_SSLMODE", "disable");
        env.put("NEO4J_URI", neo4jUri);
        env.put("DATA_DIR", dir.resolve("data").toString());
        env.put("JWT_SECRET", DRILL_JWT_SECRET);
        env.put("REGISTRATION_OPEN", "true");
        env.put("ADMIN_USERNAMES", "drill-admin");
        env.put("TRUSTED_PROXIES", "127.0.0.1,::1");
        // the JVM must not bind the app's own defaults (3000/3001/7687)
        env.put("NEO4J_EMBEDDED_BOLT_PORT", String.valueOf(TestEnvironment.freePort()));
        env.putAll(overrides);
        return new AppProcess(env, dir, port, wsPort);
    }

    /** Same secret in every instance of a drill, so a token works on all of them. */
    public static final String DRILL_JWT_SECRET = "drill-secret-that-is-long-enough-for-hs256-signing";

    /** Starts the JVM and waits until /readyz says UP. */
    public AppProcess start() {
        starts++;
        process = JavaProcess.start("dev.devagent.DeveloperAgentApplication",
                List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), env, List.of(),
                dir.resolve("app-" + starts + ".log"));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the app exited during startup:\n" + tail(process.logText()));
            }
            return status("/readyz") == 200;
        });
        return this;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public int wsPort() {
        return wsPort;
    }

    public ApiClient client() {
        return new ApiClient(baseUrl());
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL. */
    public void kill() {
        process.kill();
    }

    /** Everything this instance has logged, over all its starts so far. */
    public String logs() {
        StringBuilder all = new StringBuilder();
        for (int i = 1; i <= starts; i++) {
            all.append(JavaProcessLogs.read(dir.resolve("app-" + i + ".log")));
        }
        return all.toString();
    }

    /** The HTTP status of a GET, or -1 when nothing answers. */
    public int status(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(15))
                    .GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop();
        }
        // keep the logs with the build's reports, drop the data
        try {
            Path keep = Path.of("target", "drill-logs");
            java.nio.file.Files.createDirectories(keep);
            java.nio.file.Files.writeString(keep.resolve(dir.getFileName() + ".log"), logs());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            org.springframework.util.FileSystemUtils.deleteRecursively(dir.toFile());
        }
    }

    static Path drillDir(String prefix) {
        try {
            return java.nio.file.Files.createTempDirectory(prefix);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String tail(String text) {
        return text.length() <= 8000 ? text : text.substring(text.length() - 8000);
    }

    private static final class JavaProcessLogs {
        static String read(Path file) {
            try {
                return java.nio.file.Files.exists(file) ? java.nio.file.Files.readString(file) : "";
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
