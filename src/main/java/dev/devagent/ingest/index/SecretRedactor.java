package dev.devagent.ingest.index;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;

import org.springframework.stereotype.Component;

/**
 * Replaces secrets found in repository text with {@code [REDACTED:kind]} before the text is stored,
 * embedded or shown to a model. A replacement keeps every line break of what it replaces, so line
 * numbers, and with them citations, stay what they were in the original file.
 */
@Component
public class SecretRedactor {

    public Redaction redact(String repoRelativePath, String text) {
        Objects.requireNonNull(repoRelativePath, "repoRelativePath");
        Map<SecretKind, Integer> counts = new EnumMap<>(SecretKind.class);
        String redacted = PrivateKeyBlocks.redact(Objects.requireNonNull(text, "text"), counts);
        // hints are checked on the original: redaction adds only markers, which no rule needs to see
        String lowerCase = text.toLowerCase(Locale.ROOT);
        for (SecretRule rule : SecretRules.ALL) {
            if (rule.appliesToPath().test(repoRelativePath) && rule.mayMatch(lowerCase)) {
                redacted = apply(rule, redacted, counts);
            }
        }
        return new Redaction(redacted, counts);
    }

    private static String apply(SecretRule rule, String text, Map<SecretKind, Integer> counts) {
        Matcher matcher = rule.pattern().matcher(text);
        StringBuilder out = null;
        int copied = 0;
        while (matcher.find()) {
            if (!rule.isSecret().test(matcher)) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, matcher.start(SecretRule.GROUP))
                    .append(replacement(rule.kind(), matcher.group(SecretRule.GROUP)));
            copied = matcher.end(SecretRule.GROUP);
            counts.merge(rule.kind(), 1, Integer::sum);
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /** The marker, followed by the secret's own line breaks so the text keeps its line count. */
    static String replacement(SecretKind kind, String secret) {
        StringBuilder replacement = new StringBuilder(kind.marker());
        for (int i = 0; i < secret.length(); i++) {
            char c = secret.charAt(i);
            if (c == '\n' || c == '\r') {
                replacement.append(c);
            }
        }
        return replacement.toString();
    }
}
