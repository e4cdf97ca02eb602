package dev.devagent.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.springframework.util.FileSystemUtils;

/**
 * A throw-away PostgreSQL cluster of its own (initdb into a temp directory, a free port) that a drill
 * can stop and start at will: never the machine's shared server. Uses the server binaries of the
 * machine ({@code pg_config --bindir}, else Debian's /usr/lib/postgresql/15/bin). PostgreSQL refuses
 * to run as root, so as root the cluster belongs to an unprivileged account ({@code postgres}, else
 * {@code nobody}) and every server command runs through {@code runuser}.
 */
public final class PostgresCluster implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private final String runAs;

    private PostgresCluster(Path bin, Path dir, int port, String runAs) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
        this.runAs = runAs;
    }

    /** initdb + start; the superuser is {@code postgres} with trust authentication on 127.0.0.1. */
    public static PostgresCluster start() {
        Path bin = serverBinaries();
        String runAs = isRoot() ? unprivilegedAccount() : null;
        Path dir;
        try {
            dir = Files.createTempDirectory("devagent-drill-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PostgresCluster cluster = new PostgresCluster(bin, dir, TestEnvironment.freePort(), runAs);
        if (runAs != null) {
            run(List.of("chown", runAs, dir.toString()), null);
        }
        cluster.server(List.of(bin.resolve("initdb").toString(), "-D", cluster.data.toString(), "-U", "postgres",
                "-A", "trust", "-E", "UTF8", "--no-sync"));
        cluster.startServer();
        return cluster;
    }

    public int port() {
        return port;
    }

    public TestEnvironment.Server server() {
        return new TestEnvironment.Server("127.0.0.1", port, "postgres", "");
    }

    /** A new empty database with the vector extension available; returns its name. */
    public String createDatabase(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = server().connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return name;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public boolean accepting() {
        try (Connection ignored = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** pg_ctl start, waiting until it accepts connections. */
    public void startServer() {
        server(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "60",
                "-l", dir.resolve("server.log").toString(),
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                        + " -c max_connections=200",
                "start"));
    }

    /** pg_ctl stop -m fast: sessions are disconnected, the port closes. */
    public void stopServer() {
        server(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "60", "-m", "fast",
                "stop"));
    }

    @Override
    public void close() {
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                stopServer();
            }
        } finally {
            FileSystemUtils.deleteRecursively(dir.toFile());
        }
    }

    private void server(List<String> command) {
        List<String> full = new ArrayList<>();
        if (runAs != null) {
            full.addAll(List.of("runuser", "-u", runAs, "--"));
        }
        full.addAll(command);
        run(full, dir);
    }

    private static void run(List<String> command, Path workDir) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        try {
            Process process = builder.start();
            // read the output before waiting, so a chatty command cannot block on a full pipe
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("failed (" + process.exitValue() + "): " + command + "\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path serverBinaries() {
        List<Path> candidates = new ArrayList<>();
        try {
            Process process = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes()).trim();
            if (process.waitFor() == 0 && !out.isEmpty()) {
                candidates.add(Path.of(out));
            }
        } catch (IOException e) {
            // no pg_config on the PATH: try the Debian location below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        candidates.add(Path.of("/usr/lib/postgresql/15/bin"));
        return candidates.stream().filter(p -> Files.isExecutable(p.resolve("initdb"))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no PostgreSQL server binaries (initdb) in " + candidates));
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String unprivilegedAccount() {
        for (String account : List.of("postgres", "nobody")) {
            try {
                Process process = new ProcessBuilder("id", "-u", account).redirectErrorStream(true).start();
                process.getInputStream().readAllBytes();
                if (process.waitFor() == 0) {
                    return account;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("running as root and no unprivileged account (postgres, nobody) to run "
                + "PostgreSQL as");
    }
}
