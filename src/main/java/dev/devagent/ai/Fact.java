package dev.devagent.ai;

/** One piece of retrieved knowledge, produced by a tool; the citation is set when it comes from code. */
public record Fact(String tool, String text, Citation citation) {

    public static Fact of(String tool, String text) {
        return new Fact(tool, text, null);
    }
}
