package dev.devagent.ingest.manifest;

import java.util.function.Function;

/**
 * Expands {@code ${name}} (Maven) or {@code $(name)} (MSBuild) references. Names nobody defines stay as
 * written, so callers can tell an unknown value from an empty one.
 */
final class Placeholders {

    static final Placeholders MAVEN = new Placeholders("${", "}");
    static final Placeholders MSBUILD = new Placeholders("$(", ")");

    // values may refer to values; this bounds both reference cycles and exponential fan-out
    private static final int MAX_DEPTH = 10;
    private static final int MAX_LENGTH = 64 * 1024;

    private final String open;
    private final String close;

    private Placeholders(String open, String close) {
        this.open = open;
        this.close = close;
    }

    String expand(String text, Function<String, String> lookup) {
        return expand(text, lookup, 0);
    }

    /** Whether {@code text} still holds a reference that could not be expanded. */
    boolean unresolved(String text) {
        return text != null && text.contains(open);
    }

    private String expand(String text, Function<String, String> lookup, int depth) {
        if (text == null || depth > MAX_DEPTH || !text.contains(open)) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        while (from < text.length()) {
            int start = text.indexOf(open, from);
            int end = start < 0 ? -1 : text.indexOf(close, start + open.length());
            if (end < 0) {
                out.append(text, from, text.length());
                break;
            }
            out.append(text, from, start);
            String value = lookup.apply(text.substring(start + open.length(), end).strip());
            out.append(value == null ? text.substring(start, end + close.length()) : expand(value, lookup, depth + 1));
            if (out.length() > MAX_LENGTH) {
                throw new ManifestFormatException("property references expand beyond " + MAX_LENGTH + " characters");
            }
            from = end + close.length();
        }
        return out.toString();
    }
}
