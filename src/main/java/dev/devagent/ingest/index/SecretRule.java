package dev.devagent.ingest.index;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One way of spotting a secret: the pattern's {@code secret} group is what gets replaced, only in
 * files the rule applies to, and only when {@code isSecret} agrees (placeholders are not secrets).
 * A rule runs only on text that contains one of its lower-case {@code hints} (no hints: always).
 */
record SecretRule(SecretKind kind, List<String> hints, Pattern pattern, Predicate<String> appliesToPath,
        Predicate<Matcher> isSecret) {

    static final String GROUP = "secret";

    boolean mayMatch(String lowerCaseText) {
        return hints.isEmpty() || hints.stream().anyMatch(lowerCaseText::contains);
    }
}
