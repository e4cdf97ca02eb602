package dev.devagent.ingest.index;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules, in the order they run: recognisable tokens first, so they are reported by kind, then
 * connection strings, then values found by the name they are assigned to. Later rules leave alone
 * what an earlier one already redacted.
 */
final class SecretRules {

    private static final String KEYWORD = "(?<word>password|passwd|passphrase|pwd|secret|token|authorization"
            + "|api[_-]?key|access[_-]?key|secret[_-]?key|client[_-]?secret|private[_-]?key|signing[_-]?key"
            + "|encryption[_-]?key|master[_-]?key|auth[_-]?key)";

    // a name ending in a keyword: db_password, accessToken, x-api-key; not token_type, passwordField, tokenizer
    private static final String KEY = "(?<![\\w.-])(?<key>[\\w.-]*?" + KEYWORD + ")[\"']?";

    // =, :, :=, =>, and typed declarations (password: str = ..., val token: String = ...); never == or ::
    private static final String CODE_SEPARATOR =
            "[ \\t]*(?:(?::[ \\t]*[A-Za-z_][\\w.<>\\[\\]?|]*[ \\t]*)?(?:=>|:=|=(?!=)|:(?![:=])))[ \\t]*";

    private static final String CONFIG_SEPARATOR = "[ \\t]*(?:=(?!=)|:(?![:=]))[ \\t]*";

    private static final String QUOTED_VALUE =
            "(?:[bBrRuUfF@$]{1,2})?(?<q>[\"'`])(?<secret>(?:\\\\.|(?!\\k<q>)[^\\\\\\r\\n])*)\\k<q>";

    private static final String NEWLINE = "(?:\\r\\n|\\r|\\n)";

    private static final Set<String> CONFIG_LANGUAGES = Set.of("yaml", "properties", "ini", "conf", "shell",
            "dockerfile", "dotenv");

    private static final Predicate<String> ALL_FILES = path -> true;
    private static final Predicate<String> CONFIG_FILES = path -> CONFIG_LANGUAGES.contains(Languages.of(path));
    private static final Predicate<String> YAML_FILES = path -> Languages.of(path).equals("yaml");
    private static final Predicate<String> ENV_FILES = path -> Languages.isDotEnv(Languages.fileName(path));

    private static final Predicate<Matcher> ALWAYS = m -> true;
    private static final Predicate<Matcher> LITERAL = m -> SecretValues.isLiteralSecret(m.group(SecretRule.GROUP));
    private static final Predicate<Matcher> LITERAL_NOT_LABEL = m -> LITERAL.test(m)
            && !SecretValues.isLabelFor(m.group("key"), m.group("word"), m.group(SecretRule.GROUP));

    static final List<SecretRule> ALL = List.of(
            // a whole PEM block, however it is embedded (YAML block, JSON string with \n escapes, concatenation)
            rule(SecretKind.PRIVATE_KEY, "(?s)(?<secret>-----BEGIN[A-Z0-9 ]* PRIVATE KEY(?: BLOCK)?-----"
                    + ".{0,20000}?" + "-----END[A-Z0-9 ]* PRIVATE KEY(?: BLOCK)?-----)", ALL_FILES, ALWAYS),
            // a header with no footer (truncated paste): take the key material that follows it
            rule(SecretKind.PRIVATE_KEY, "(?<secret>-----BEGIN[A-Z0-9 ]* PRIVATE KEY(?: BLOCK)?-----"
                    + "[A-Za-z0-9+/=\\s\\\\\"',:-]*)", ALL_FILES, ALWAYS),
            rule(SecretKind.JWT, "(?<![\\w-])(?<secret>eyJ[\\w-]{5,}\\.eyJ[\\w-]{5,}\\.[\\w-]*)", ALL_FILES, ALWAYS),
            rule(SecretKind.GITHUB_TOKEN, "(?<![A-Za-z0-9_])(?<secret>(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,255}"
                    + "|github_pat_\\w{20,255})", ALL_FILES, ALWAYS),
            rule(SecretKind.OPENAI_KEY, "(?<![\\w-])(?<secret>sk-(?:proj-|svcacct-|admin-)?[\\w-]{20,})", ALL_FILES,
                    m -> SecretValues.looksRandom(m.group(SecretRule.GROUP))),
            rule(SecretKind.SLACK_TOKEN, "(?<![A-Za-z0-9])(?<secret>xox[abposre]-[A-Za-z0-9-]{10,})", ALL_FILES, ALWAYS),
            rule(SecretKind.SLACK_WEBHOOK, "hooks\\.slack\\.com/(?:services|workflows|triggers)/(?<secret>[\\w/-]{10,})",
                    ALL_FILES, ALWAYS),
            rule(SecretKind.GOOGLE_API_KEY, "(?<![\\w-])(?<secret>AIza[\\w-]{35})(?![\\w-])", ALL_FILES, ALWAYS),
            rule(SecretKind.STRIPE_KEY, "(?<![A-Za-z0-9_])(?<secret>(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,})",
                    ALL_FILES, ALWAYS),
            rule(SecretKind.AWS_ACCESS_KEY_ID, "(?<![A-Za-z0-9])(?<secret>(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})"
                    + "(?![A-Za-z0-9])", ALL_FILES, ALWAYS),
            rule(SecretKind.AWS_SECRET_KEY, "(?i)(?<![\\w.-])[\\w.-]*?(?:secret[_.-]?access[_.-]?key"
                    + "|aws[_.-]?secret[_.-]?key)[\"']?[ \\t]*(?:=>|:=|=|:)[ \\t]*[\"']?"
                    + "(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])", ALL_FILES, ALWAYS),
            // scheme://user:password@host
            rule(SecretKind.CONNECTION_SECRET, "(?<![\\w+.-])[A-Za-z][A-Za-z0-9+.-]{1,30}://[^\\s:/?#@\"'<>\\[\\]]*:"
                    + "(?<secret>[^\\s/?#@\"'<>]+)@", ALL_FILES, LITERAL),
            // Server=...;User Id=...;Password=...; and Azure AccountKey=...;
            rule(SecretKind.CONNECTION_SECRET, "(?im)(?<=[;\"'])[ \\t]*(?:password|pwd|accountkey|sharedaccesskey"
                    + "|sharedaccesssignature)[ \\t]*=[ \\t]*(?<secret>[^;\"'\\r\\n]+?)[ \\t]*(?=;|[\"']|$)",
                    ALL_FILES, LITERAL),
            rule(SecretKind.CONNECTION_SECRET, "(?i)[?&](?:password|passwd|pwd|pass|token|access_token|refresh_token"
                    + "|id_token|api_key|apikey|api-key|client_secret|secret|sig|x-amz-signature|x-amz-security-token)="
                    + "(?<secret>[^&\\s\"'#<>]+)", ALL_FILES, LITERAL),
            rule(SecretKind.ENV_VALUE, "(?m)^[ \\t]*(?:export[ \\t]+)?[A-Za-z_][\\w.-]*[ \\t]*=[ \\t]*"
                    + "(?<secret>\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|[^\\r\\n]*?)[ \\t]*$", ENV_FILES,
                    m -> isUnredactedValue(m.group(SecretRule.GROUP))),
            // password: ${DB_PASSWORD:changeme} keeps the placeholder and loses the default
            rule(SecretKind.ASSIGNED_SECRET, "(?i)" + KEY + CONFIG_SEPARATOR + "[\"']?\\$\\{[A-Za-z_][\\w.-]*:-?"
                    + "(?<secret>[^}\\s\"']+)\\}", ALL_FILES, LITERAL),
            rule(SecretKind.ASSIGNED_SECRET, "(?i)<(?<tag>[\\w.:-]*?" + KEYWORD + ")(?:\\s[^<>]*)?>(?<secret>[^<]+)"
                    + "</\\k<tag>\\s*>", ALL_FILES, LITERAL),
            rule(SecretKind.ASSIGNED_SECRET, "(?i)<add\\s+key\\s*=\\s*\"[^\"]*?" + KEYWORD + "\"\\s+value\\s*=\\s*\""
                    + "(?<secret>[^\"]*)\"", ALL_FILES, LITERAL),
            // password: | followed by the more-indented lines of the block
            rule(SecretKind.ASSIGNED_SECRET, "(?im)^(?<indent>[ \\t]*)(?:-[ \\t]+)?" + KEY + "[ \\t]*:[ \\t]*"
                    + "(?:![\\w!]*[ \\t]+)?[|>][+-]?\\d?[ \\t]*(?:#[^\\r\\n]*)?" + NEWLINE
                    + "(?<secret>(?:\\k<indent>[ \\t]+\\S[^\\r\\n]*" + NEWLINE + "|[ \\t]*" + NEWLINE + ")*"
                    + "\\k<indent>[ \\t]+\\S[^\\r\\n]*)", YAML_FILES, ALWAYS),
            rule(SecretKind.ASSIGNED_SECRET, "(?i)" + KEY + CODE_SEPARATOR + QUOTED_VALUE, ALL_FILES, LITERAL_NOT_LABEL),
            // unquoted values are literals only in configuration files; in code they are expressions
            rule(SecretKind.ASSIGNED_SECRET, "(?im)" + KEY + CONFIG_SEPARATOR
                    + "(?<secret>[^\\s\"'`#][^\\r\\n]*?)[ \\t]*(?:[ \\t]#[^\\r\\n]*)?$", CONFIG_FILES, LITERAL_NOT_LABEL));

    private SecretRules() {
    }

    private static SecretRule rule(SecretKind kind, String regex, Predicate<String> appliesTo,
            Predicate<Matcher> isSecret) {
        return new SecretRule(kind, Pattern.compile(regex), appliesTo, isSecret);
    }

    private static boolean isUnredactedValue(String value) {
        String unquoted = value.strip().replaceAll("^([\"'])(.*)\\1$", "$2");
        return !unquoted.isBlank() && !unquoted.matches("\\[REDACTED:[a-z-]+]");
    }
}
