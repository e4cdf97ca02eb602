package dev.devagent.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import dev.devagent.support.FixtureRepo;

/**
 * A deterministic repository of many source files (Java, TypeScript, Python, Go, Markdown) with a few
 * manifests, so a benchmark ingests something shaped like a real service: every file distinct, ~2 chunks each.
 */
final class GeneratedRepository {

    private static final List<String> WORDS = List.of("invoice", "customer", "order", "payment", "token", "session",
            "account", "ledger", "refund", "shipment", "catalog", "price", "discount", "tenant", "audit", "retry",
            "cache", "queue", "event", "schema", "report", "export", "import", "mapper", "client", "handler",
            "validator", "parser", "buffer", "stream", "window", "metric", "health", "config", "secret", "policy");
    private static final String[] EXTENSIONS = {"java", "ts", "py", "go", "md"};

    private GeneratedRepository() {
    }

    /** Writes {@code files} source files of about {@code lines} lines each, plus manifests, and commits them. */
    static FixtureRepo create(Path parent, String name, int files, int lines, long seed) {
        FixtureRepo repo = FixtureRepo.create(parent, "bench", name);
        Random random = new Random(seed);
        repo.write("package.json", """
                {"name": "@bench/%s", "version": "1.0.0",
                 "dependencies": {"express": "^4.18.2", "lodash": "^4.17.21", "jsonwebtoken": "^9.0.0"}}"""
                .formatted(name));
        repo.write("pom.xml", """
                <project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
                  <groupId>dev.bench</groupId><artifactId>%s</artifactId><version>1.0.0</version>
                  <dependencies><dependency><groupId>com.fasterxml.jackson.core</groupId>
                    <artifactId>jackson-databind</artifactId><version>2.17.2</version></dependency></dependencies>
                </project>""".formatted(name));
        repo.write("go.mod", "module github.com/bench/" + name + "\n\ngo 1.22\n\nrequire github.com/spf13/cobra v1.8.0\n");
        repo.write("requirements.txt", "requests==2.31.0\nfastapi>=0.110\n");
        for (int i = 0; i < files; i++) {
            String ext = EXTENSIONS[i % EXTENSIONS.length];
            String module = WORDS.get(random.nextInt(WORDS.size()));
            String path = "src/%s/%s%d/%s_%d.%s".formatted(ext, module, i % 50, module, i, ext);
            repo.write(path, source(ext, module, i, lines, random));
        }
        repo.commit("generated " + files + " files");
        // a real remote serves objects it has already packed; loose objects would make the clone's
        // server side (delta search, run in the benchmark's JVM for a local URL) part of the measurement
        return repo.pack();
    }

    private static String source(String ext, String module, int index, int lines, Random random) {
        StringBuilder out = new StringBuilder();
        String type = capitalize(module) + capitalize(WORDS.get(random.nextInt(WORDS.size()))) + index;
        out.append(switch (ext) {
            case "java" -> "package dev.bench." + module + ";\n\npublic class " + type + " {\n";
            case "ts" -> "export class " + type + " {\n";
            case "py" -> "class " + type + ":\n";
            case "go" -> "package " + module + "\n\ntype " + type + " struct{}\n";
            default -> "# " + type + "\n\n";
        });
        int written = 3;
        while (written < lines) {
            String verb = WORDS.get(random.nextInt(WORDS.size()));
            String noun = WORDS.get(random.nextInt(WORDS.size()));
            int n = random.nextInt(1000);
            out.append(switch (ext) {
                case "java" -> "    int " + verb + capitalize(noun) + n + "(int " + noun + ") { return " + noun + " * " + n + "; }\n";
                case "ts" -> "  " + verb + capitalize(noun) + n + "(" + noun + ": number) { return " + noun + " + " + n + "; }\n";
                case "py" -> "    def " + verb + "_" + noun + "_" + n + "(self, " + noun + "):\n        return " + noun + " - " + n + "\n";
                case "go" -> "func " + capitalize(verb) + capitalize(noun) + n + "(" + noun + " int) int { return " + noun + " / " + (n + 1) + " }\n";
                default -> "The " + noun + " " + verb + " step handles case " + n + " of " + type + ".\n";
            });
            written += ext.equals("py") ? 2 : 1;
        }
        if (!ext.equals("md") && !ext.equals("py") && !ext.equals("go")) {
            out.append("}\n");
        }
        return out.toString();
    }

    private static String capitalize(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
