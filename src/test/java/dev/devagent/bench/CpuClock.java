package dev.devagent.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * CPU seconds spent by this JVM and by the PostgreSQL backends serving the benchmark's database, read from
 * the JVM and from /proc (the server runs on this machine). Unlike wall-clock time, other load on a shared
 * machine does not change them: they say how much work a run did, not how long it waited for a core.
 */
final class CpuClock {

    /** Linux's USER_HZ: /proc reports CPU time in these ticks. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final JdbcTemplate jdbc;

    CpuClock(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A reading: the JVM's CPU and each backend's CPU at this moment. */
    Reading read() {
        long jvmNanos = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        Map<Integer, Double> backends = new HashMap<>();
        List<Integer> pids = jdbc.queryForList(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database()", Integer.class);
        for (int pid : pids) {
            double seconds = backendSeconds(pid);
            if (seconds >= 0) {
                backends.put(pid, seconds);
            }
        }
        return new Reading(jvmNanos / 1e9, backends);
    }

    /** utime + stime of a process, or -1 when it is gone or not readable (server on another host). */
    private static double backendSeconds(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // the command name (field 2) may hold spaces: count fields after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** This JVM's threads now: CPU seconds and the name the kernel knows each by, per thread id. */
    static Map<String, Map.Entry<String, Double>> threads() {
        Map<String, Map.Entry<String, Double>> byId = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
                    byId.put(task.getFileName().toString(), Map.entry(name, seconds));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return byId;
    }

    /**
     * The {@code top} thread names (digits dropped, so a pool's threads add up) by CPU seconds spent between
     * two {@link #threads()} readings; a thread that ended in between is not seen.
     */
    static String topThreads(Map<String, Map.Entry<String, Double>> before,
                             Map<String, Map.Entry<String, Double>> after, int top) {
        Map<String, Double> byName = new HashMap<>();
        after.forEach((id, thread) -> {
            Map.Entry<String, Double> earlier = before.get(id);
            double spent = thread.getValue() - (earlier == null ? 0 : earlier.getValue());
            byName.merge(thread.getKey().replaceAll("[0-9]+", "N"), spent, Double::sum);
        });
        return byName.entrySet().stream()
                .filter(e -> e.getValue() >= 0.05)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(top)
                .map(e -> "%s %.1f s".formatted(e.getKey(), e.getValue()))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    record Reading(double jvmSeconds, Map<Integer, Double> backendSeconds) {

        /** JVM and database CPU seconds since {@code before} (a backend started since counts in full). */
        Spent since(Reading before) {
            double database = 0;
            for (var backend : backendSeconds.entrySet()) {
                database += backend.getValue() - before.backendSeconds.getOrDefault(backend.getKey(), 0.0);
            }
            return new Spent(jvmSeconds - before.jvmSeconds, database);
        }
    }

    record Spent(double jvmSeconds, double databaseSeconds) {

        double total() {
            return jvmSeconds + databaseSeconds;
        }

        Spent plus(Spent other) {
            return new Spent(jvmSeconds + other.jvmSeconds, databaseSeconds + other.databaseSeconds);
        }
    }
}
