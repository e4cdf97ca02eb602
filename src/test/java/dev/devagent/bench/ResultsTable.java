package dev.devagent.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** A benchmark's results as a Markdown table: printed, and written under bench/results/. */
final class ResultsTable {

    private final String title;
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    ResultsTable(String title) {
        this.title = title;
    }

    ResultsTable row(String metric, String value, String goal, Boolean met) {
        rows.add(new String[] {metric, value, goal == null ? "" : goal, met == null ? "" : met ? "met" : "MISSED"});
        return this;
    }

    ResultsTable row(String metric, String value) {
        return row(metric, value, null, null);
    }

    ResultsTable note(String text) {
        notes.add(text);
        return this;
    }

    static String num(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** Prints the table and writes it to bench/results/{name}-{UTC time}.md; returns the file. */
    Path publish(String name) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        StringBuilder out = new StringBuilder();
        out.append("## ").append(title).append('\n').append('\n');
        out.append("- date: ").append(now.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME.withLocale(Locale.ROOT)))
                .append(" UTC\n");
        out.append("- machine: ").append(machine()).append('\n');
        notes.forEach(n -> out.append("- ").append(n).append('\n'));
        out.append('\n').append("| metric | value | goal | |\n| --- | --- | --- | --- |\n");
        for (String[] row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        System.out.println();
        System.out.println(out);
        Path dir = Path.of(System.getProperty("basedir", ".")).resolve("bench/results");
        Path file = dir.resolve(name + "-" + now.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
        try {
            Files.createDirectories(dir);
            Files.writeString(file, out.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("results written to " + dir.relativize(file).toString() + " under bench/results");
        return file;
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException | UncheckedIOException e) {
            // not Linux: the core count and JVM still describe the run
        }
        return "%d cores (%s), %d MB max heap, Java %s, %s".formatted(Runtime.getRuntime().availableProcessors(), cpu,
                Runtime.getRuntime().maxMemory() / (1024 * 1024), System.getProperty("java.version"),
                System.getProperty("os.name"));
    }
}
