package dev.devagent.ai;

/** Conversation titles: at most 8 words, one line, no quotes. */
public final class Titles {

    static final int MAX_WORDS = 8;

    private Titles() {
    }

    /** The offline title: the first words of the question. */
    public static String fromQuestion(String question) {
        return clean(question);
    }

    static String clean(String text) {
        String line = text == null ? "" : text.replaceAll("[\\r\\n]+", " ").replaceAll("[\"“”`*#]", "").strip();
        String[] words = line.split("\\s+");
        String title = String.join(" ", java.util.Arrays.copyOf(words, Math.min(MAX_WORDS, words.length))).strip();
        title = title.replaceAll("[.:;,!]+$", "");
        return title.isBlank() ? "New conversation" : title;
    }
}
