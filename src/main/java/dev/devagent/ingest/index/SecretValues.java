package dev.devagent.ingest.index;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Tells a literal secret from the things that only stand where one would be: empty values, placeholders, references. */
final class SecretValues {

    private static final Set<String> NON_VALUES = Set.of("null", "none", "nil", "undefined", "true", "false", "~",
            "\"\"", "''", "[]", "{}");

    // ${VAR}, $(cmd), $VAR, {{ tmpl }}, {% %}, <%= %>, #{ruby}, %(py)s, %s, %VAR%, @maven.filter@, <your-token>, {name}
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "\\$\\{|\\$\\(|\\$(?:[A-Z_][A-Z0-9_]*|\\d+|env:\\w+)$|\\{\\{|\\{%|<%|#\\{|%\\(|%[sdv]$|%\\w+%$"
                    + "|@[\\w.-]+@$|<[^<>]*>$|\\{[\\w.]*\\}$");

    private static final Pattern MASK = Pattern.compile("[*xX.\u2022#_-]{3,}");

    // values that read the secret from somewhere else, and YAML tags or block indicators
    private static final Pattern REFERENCE = Pattern.compile(
            "process\\.env\\b|import\\.meta\\.env\\b|os\\.environ\\b|os\\.getenv\\b|System\\.getenv\\b"
                    + "|Environment\\.GetEnvironmentVariable\\b|ENV\\[|ENV\\.fetch\\b|getenv\\(|env\\(|secrets\\.|!\\w+"
                    + "|[|>][+-]?\\d?$");

    private SecretValues() {
    }

    static boolean isLiteralSecret(String value) {
        String v = value.strip();
        if (v.isEmpty() || v.contains("[REDACTED:") || NON_VALUES.contains(v.toLowerCase(Locale.ROOT))) {
            return false;
        }
        return !PLACEHOLDER.matcher(v).lookingAt() && !MASK.matcher(v).matches() && !REFERENCE.matcher(v).lookingAt();
    }

    /** {@code password: "Password"} in a translation file is a label, not a password. */
    static boolean isLabelFor(String key, String keyword, String value) {
        String label = lettersAndDigits(value);
        return label.equals(lettersAndDigits(key)) || label.equals(lettersAndDigits(keyword));
    }

    /** Real keys mix upper and lower case letters and digits; CSS class names like {@code sk-fading-circle} do not. */
    static boolean looksRandom(String value) {
        return value.chars().anyMatch(Character::isUpperCase) && value.chars().anyMatch(Character::isLowerCase)
                && value.chars().anyMatch(Character::isDigit);
    }

    private static String lettersAndDigits(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
