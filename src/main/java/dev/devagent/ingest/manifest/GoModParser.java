package dev.devagent.ingest.manifest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Go: go.mod's {@code module} (what the repository publishes) and its {@code require}s, single-line or in
 * blocks; a {@code // indirect} comment marks a transitive requirement. {@code replace}, {@code exclude} and
 * newer directives are read past: they do not add dependencies.
 */
final class GoModParser implements ManifestParser {

    private static final String ECOSYSTEM = "go";

    /** One go.mod line: its tokens and the text of its trailing // comment. */
    private record Line(int number, List<String> tokens, String comment) {
    }

    @Override
    public boolean recognises(String path) {
        return RepoFiles.fileName(path).equals("go.mod");
    }

    @Override
    public void parse(String path, RepoFiles repo, Findings findings) throws IOException {
        String[] lines = repo.read(path).split("\r?\n|\r", -1);
        String block = null;
        int blockStart = 0;
        for (int i = 0; i < lines.length; i++) {
            Line line = tokenize(i + 1, lines[i]);
            List<String> tokens = line.tokens();
            if (tokens.isEmpty()) {
                continue;
            }
            if (block != null) {
                if (tokens.equals(List.of(")"))) {
                    block = null;
                } else {
                    directive(block, tokens, line, path, findings);
                }
            } else if (tokens.size() == 2 && tokens.get(1).equals("(")) {
                block = tokens.get(0);
                blockStart = line.number();
            } else if (!tokens.subList(1, tokens.size()).equals(List.of("(", ")"))) {
                // a one-line directive; "require ()" is an empty block and says nothing
                directive(tokens.get(0), tokens.subList(1, tokens.size()), line, path, findings);
            }
        }
        if (block != null) {
            throw new ManifestFormatException("line " + blockStart + ": '" + block + " (' block is never closed");
        }
    }

    private static void directive(String verb, List<String> arguments, Line line, String path, Findings findings) {
        switch (verb) {
            case "module" -> {
                if (arguments.size() == 1) {
                    findings.publishes(ECOSYSTEM, arguments.get(0), path);
                } else {
                    findings.error(path, "line " + line.number() + ": expected 'module <path>'");
                }
            }
            case "require" -> {
                if (arguments.size() == 2) {
                    findings.dependency(ECOSYSTEM, arguments.get(0), arguments.get(1), "runtime", !isIndirect(line.comment()),
                            path);
                } else {
                    findings.error(path, "line " + line.number() + ": expected 'require <module> <version>'");
                }
            }
            default -> {
                // go, toolchain, replace, exclude, retract, tool, godebug: nothing we record
            }
        }
    }

    /** The go command's own rule: the comment is "indirect" or starts with "indirect;". */
    private static boolean isIndirect(String comment) {
        return comment != null && (comment.equals("indirect") || comment.startsWith("indirect;"));
    }

    /** Splits a line into words, quoted strings ("..." or `...`) and parentheses, up to a // comment. */
    private static Line tokenize(int number, String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (text.startsWith("//", i)) {
                return new Line(number, tokens, text.substring(i + 2).strip());
            } else if (c == '(' || c == ')') {
                tokens.add(String.valueOf(c));
                i++;
            } else if (c == '"' || c == '`') {
                int end = closingQuote(text, i, number);
                tokens.add(unquote(text.substring(i + 1, end), c));
                i = end + 1;
            } else {
                int start = i;
                while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && "()\"`".indexOf(text.charAt(i)) < 0
                        && !text.startsWith("//", i)) {
                    i++;
                }
                tokens.add(text.substring(start, i));
            }
        }
        return new Line(number, tokens, null);
    }

    private static int closingQuote(String text, int open, int number) {
        char quote = text.charAt(open);
        for (int i = open + 1; i < text.length(); i++) {
            if (quote == '"' && text.charAt(i) == '\\') {
                i++;
            } else if (text.charAt(i) == quote) {
                return i;
            }
        }
        throw new ManifestFormatException("line " + number + ": unterminated quoted string");
    }

    private static String unquote(String body, char quote) {
        return quote == '`' ? body : body.replace("\\\"", "\"").replace("\\\\", "\\");
    }
}
