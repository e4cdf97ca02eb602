package dev.devagent.ingest.index;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules, in the order they run (after {@link PrivateKeyBlocks}): recognisable tokens first, so
 * they are reported by kind, then connection strings, then values found by the name they are
 * assigned to. Later rules leave alone what an earlier one already redacted.
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

    private static final Predicate<Matcher> ANY_VALUE = m -> true;
    private static final Predicate<Matcher> LITERAL = m -> SecretValues.isLiteralSecret(m.group(SecretRule.GROUP));
    private static final Predicate<Matcher> LITERAL_NOT_LABEL = m -> LITERAL.test(m)
            && !SecretValues.isLabelFor(m.group("key"), m.group("word"), m.group(SecretRule.GROUP));

    private static final List<String> NO_HINTS = List.of();
    private static final List<String> KEYWORD_HINTS = List.of("pass", "pwd", "secret", "token", "key", "authorization");

    static final List<SecretRule> ALL = List.of(
            rule(SecretKind.JWT, List.of("eyj"), "(?<![\\w-])(?<secret>eyJ[\\w-]{5,}\\.eyJ[\\w-]{5,}\\.[\\w-]*)",
                    ALL_FILES, ANY_VALUE),
            rule(SecretKind.GITHUB_TOKEN, List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
                    "(?<![A-Za-z0-9_])(?<secret>(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,255}|github_pat_\\w{20,255})",
                    ALL_FILES, ANY_VALUE),
            rule(SecretKind.OPENAI_KEY, List.of("sk-"), "(?<![\\w-])(?<secret>sk-(?:proj-|svcacct-|admin-)?[\\w-]{20,})",
                    ALL_FILES, m -> SecretValues.looksRandom(m.group(SecretRule.GROUP))),
            rule(SecretKind.SLACK_TOKEN, List.of("xox"), "(?<![A-Za-z0-9])(?<secret>xox[abposre]-[A-Za-z0-9-]{10,})",
                    ALL_FILES, ANY_VALUE),
            rule(SecretKind.SLACK_WEBHOOK, List.of("hooks.slack.com"),
                    "hooks\\.slack\\.com/(?:services|workflows|triggers)/(?<secret>[\\w/-]{10,})", ALL_FILES, ANY_VALUE),
            rule(SecretKind.GOOGLE_API_KEY, List.of("aiza"), "(?<![\\w-])(?<secret>AIza[\\w-]{35})(?![\\w-])",
                    ALL_FILES, ANY_VALUE),
            rule(SecretKind.STRIPE_KEY, List.of("_live_", "_test_"),
                    "(?<![A-Za-z0-9_])(?<secret>(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,})", ALL_FILES, ANY_VALUE),
            rule(SecretKind.AWS_ACCESS_KEY_ID, List.of("akia", "asia", "abia", "acca"),
                    "(?<![A-Za-z0-9])(?<secret>(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})(?![A-Za-z0-9])", ALL_FILES, ANY_VALUE),
            rule(SecretKind.AWS_SECRET_KEY, List.of("secret"), "(?i)(?<![\\w.-])[\\w.-]*?(?:secret[_.-]?access[_.-]?key"
                    + "|aws[_.-]?secret[_.-]?key)[\"']?[ \\t]*(?:=>|:=|=|:)[ \\t]*[\"']?"
                    + "(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])", ALL_FILES, ANY_VALUE),
            // scheme://user:password@host, found from the :// so plain words cost nothing
            rule(SecretKind.CONNECTION_SECRET, List.of("://"), "://(?<=[\\w+.-]://)[^\\s:/?#@\"'<>\\[\\]]*:"
                    + "(?<secret>[^\\s/?#@\"'<>]+)@", ALL_FILES, LITERAL),
            // Server=...;User Id=...;Password=...; and Azure AccountKey=...;
            rule(SecretKind.CONNECTION_SECRET, List.of("password", "pwd", "accountkey", "sharedaccess"),
                    "(?im)(?<=[;\"'])[ \\t]*(?:password|pwd|accountkey|sharedaccesskey|sharedaccesssignature)[ \\t]*=[ \\t]*"
                    + "(?<secret>[^;\"'\\r\\n]+?)[ \\t]*(?=;|[\"']|$)", ALL_FILES, LITERAL),
            rule(SecretKind.CONNECTION_SECRET, NO_HINTS, "(?i)[?&](?:password|passwd|pwd|pass|token|access_token"
                    + "|refresh_token|id_token|api_key|apikey|api-key|client_secret|secret|sig|x-amz-signature"
                    + "|x-amz-security-token)=(?<secret>[^&\\s\"'#<>]+)", ALL_FILES, LITERAL),
            rule(SecretKind.ENV_VALUE, NO_HINTS, "(?m)^[ \\t]*(?:export[ \\t]+)?[A-Za-z_][\\w.-]*[ \\t]*=[ \\t]*"
                    + "(?<secret>\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|[^\\r\\n]*?)[ \\t]*$", ENV_FILES,
                    m -> isUnredactedValue(m.group(SecretRule.GROUP))),
            // password: ${DB_PASSWORD:changeme} keeps the placeholder and loses the default
            rule(SecretKind.ASSIGNED_SECRET, List.of("${"), "(?i)" + KEY + CONFIG_SEPARATOR
                    + "[\"']?\\$\\{[A-Za-z_][\\w.-]*:-?(?<secret>[^}\\s\"']+)\\}", ALL_FILES, LITERAL),
            rule(SecretKind.ASSIGNED_SECRET, List.of("</"), "(?i)<(?<tag>[\\w.:-]*?" + KEYWORD + ")(?:\\s[^<>]*)?>"
                    + "(?<secret>[^<]+)</\\k<tag>\\s*>", ALL_FILES, LITERAL),
            rule(SecretKind.ASSIGNED_SECRET, List.of("<add"), "(?i)<add\\s+key\\s*=\\s*\"[^\"]*?" + KEYWORD
                    + "\"\\s+value\\s*=\\s*\"(?<secret>[^\"]*)\"", ALL_FILES, LITERAL),
            // password: | followed by the more-indented lines of the block
            rule(SecretKind.ASSIGNED_SECRET, KEYWORD_HINTS, "(?im)^(?<indent>[ \\t]*)(?:-[ \\t]+)?" + KEY
                    + "[ \\t]*:[ \\t]*(?:![\\w!]*[ \\t]+)?[|>][+-]?\\d?[ \\t]*(?:#[^\\r\\n]*)?" + NEWLINE
                    + "(?<secret>(?:\\k<indent>[ \\t]+\\S[^\\r\\n]*" + NEWLINE + "|[ \\t]*" + NEWLINE + ")*"
                    + "\\k<indent>[ \\t]+\\S[^\\r\\n]*)", YAML_FILES, ANY_VALUE),
            rule(SecretKind.ASSIGNED_SECRET, KEYWORD_HINTS, "(?i)" + KEY + CODE_SEPARATOR + QUOTED_VALUE, ALL_FILES,
                    LITERAL_NOT_LABEL),
            // unquoted values are literals only in configuration files; in code they are expressions
            rule(SecretKind.ASSIGNED_SECRET, KEYWORD_HINTS, "(?im)" + KEY + CONFIG_SEPARATOR
                    + "(?<secret>[^\\s\"'`#][^\\r\\n]*?)[ \\t]*(?:[ \\t]#[^\\r\\n]*)?$", CONFIG_FILES,
                    LITERAL_NOT_LABEL));

    private SecretRules() {
    }

    private static SecretRule rule(SecretKind kind, List<String> hints, String regex, Predicate<String> appliesTo,
            Predicate<Matcher> isSecret) {
        return new SecretRule(kind, hints, Pattern.compile(regex), appliesTo, isSecret);
    }

    private static boolean isUnredactedValue(String value) {
        String unquoted = value.strip().replaceAll("^([\"'])(.*)\\1$", "$2");
        return !unquoted.isBlank() && !unquoted.matches("\\[REDACTED:[a-z-]+]");
    }
}
