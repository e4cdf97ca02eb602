package dev.devagent.ingest.index;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class SecretRedactorTest {

    private final SecretRedactor redactor = new SecretRedactor();

    static Stream<Arguments> recognisableTokens() {
        return Stream.of(
                arguments("AWS access key id", FakeSecrets.awsAccessKeyId("AKIA"), SecretKind.AWS_ACCESS_KEY_ID),
                arguments("AWS temporary key id", FakeSecrets.awsAccessKeyId("ASIA"), SecretKind.AWS_ACCESS_KEY_ID),
                arguments("GitHub personal token", FakeSecrets.github("ghp"), SecretKind.GITHUB_TOKEN),
                arguments("GitHub OAuth token", FakeSecrets.github("gho"), SecretKind.GITHUB_TOKEN),
                arguments("GitHub user-to-server token", FakeSecrets.github("ghu"), SecretKind.GITHUB_TOKEN),
                arguments("GitHub server-to-server token", FakeSecrets.github("ghs"), SecretKind.GITHUB_TOKEN),
                arguments("GitHub refresh token", FakeSecrets.github("ghr"), SecretKind.GITHUB_TOKEN),
                arguments("GitHub fine-grained token", FakeSecrets.githubPat(), SecretKind.GITHUB_TOKEN),
                arguments("OpenAI key", FakeSecrets.openAi(), SecretKind.OPENAI_KEY),
                arguments("OpenAI project key", FakeSecrets.openAiProject(), SecretKind.OPENAI_KEY),
                arguments("Slack bot token", FakeSecrets.slack('b'), SecretKind.SLACK_TOKEN),
                arguments("Slack user token", FakeSecrets.slack('p'), SecretKind.SLACK_TOKEN),
                arguments("Slack app token", FakeSecrets.slack('a'), SecretKind.SLACK_TOKEN),
                arguments("Slack refresh token", FakeSecrets.slack('r'), SecretKind.SLACK_TOKEN),
                arguments("Google API key", FakeSecrets.google(), SecretKind.GOOGLE_API_KEY),
                arguments("Stripe secret key", FakeSecrets.stripe("sk"), SecretKind.STRIPE_KEY),
                arguments("Stripe restricted key", FakeSecrets.stripe("rk"), SecretKind.STRIPE_KEY),
                arguments("JWT", FakeSecrets.jwt(), SecretKind.JWT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recognisableTokens")
    void redactsRecognisableTokensWherever_theyAppear(String what, String secret, SecretKind kind) {
        for (String text : List.of(
                "client = Client(\"" + secret + "\")\n",
                "some_setting: " + secret + "\n",
                "// pasted by mistake: " + secret + " (remove)\n",
                "curl -H 'Authorization: Bearer " + secret + "' https://api.example.com\n")) {
            Redaction redaction = redactor.redact("src/app/client.py", text);

            assertThat(redaction.text()).as(text).doesNotContain(secret).contains(kind.marker());
            assertThat(redaction.toString()).doesNotContain(secret);
            assertThat(redaction.counts()).as(text).isEqualTo(Map.of(kind, 1));
            assertThat(lineCount(redaction.text())).isEqualTo(lineCount(text));
        }
    }

    @Test
    void theMarkerReplacesOnlyTheToken() {
        String token = FakeSecrets.github("ghp");
        assertThat(redactor.redact("a.sh", "export GH=" + token + " # deploy\n").text())
                .isEqualTo("export GH=[REDACTED:github-token] # deploy\n");
    }

    @Test
    void aPrivateKeyBlockKeepsItsLineCountSoLaterLinesKeepTheirNumbers() {
        String key = FakeSecrets.pemPrivateKey("RSA", 25, "\n");
        String text = "tls:\n  cert: public.crt\n  key: |\n" + key.indent(4) + "  after: true\n";

        Redaction redaction = redactor.redact("deploy/values.yaml", text);

        assertThat(redaction.text()).doesNotContain("BEGIN RSA PRIVATE KEY").doesNotContain("END RSA PRIVATE KEY");
        for (String keyLine : key.split("\n")) {
            assertThat(redaction.text()).doesNotContain(keyLine);
        }
        assertThat(redaction.counts()).containsEntry(SecretKind.PRIVATE_KEY, 1);
        List<String> before = text.lines().toList();
        List<String> after = redaction.text().lines().toList();
        assertThat(after).hasSameSizeAs(before);
        assertThat(after.get(3)).isEqualTo("    [REDACTED:private-key]");
        assertThat(after.get(before.size() - 1)).isEqualTo("  after: true");
        assertThat(after.subList(0, 3)).isEqualTo(before.subList(0, 3));
    }

    @Test
    void privateKeyRedactionKeepsWindowsLineBreaks() {
        String key = FakeSecrets.pemPrivateKey("EC", 3, "\r\n");
        String text = "before\r\n" + key + "\r\nafter\r\n";

        String redacted = redactor.redact("key.txt", text).text();

        assertThat(redacted).isEqualTo("before\r\n[REDACTED:private-key]\r\n\r\n\r\n\r\n\r\nafter\r\n");
    }

    @Test
    void redactsEveryKindOfPrivateKeyBlock() {
        for (String type : List.of("", "RSA", "EC", "DSA", "OPENSSH", "ENCRYPTED")) {
            String key = FakeSecrets.pemPrivateKey(type, 4, "\n");
            Redaction redaction = redactor.redact("src/test/resources/key.txt", key + "\n");
            assertThat(redaction.text()).as(type).isEqualTo("[REDACTED:private-key]\n\n\n\n\n\n");
        }
    }

    @Test
    void redactsAPrivateKeyInsideAJsonStringWithEscapedNewlines() {
        String key = FakeSecrets.pemPrivateKey("", 3, "\\n");
        String json = "{\n  \"type\": \"service_account\",\n  \"private_key\": \"" + key + "\\n\",\n  \"client_email\": \"a@b.iam\"\n}\n";

        Redaction redaction = redactor.redact("gcp/sa.json", json);

        assertThat(redaction.text()).doesNotContain("BEGIN PRIVATE KEY").doesNotContain(key.substring(40, 80))
                .contains("\"private_key\": \"[REDACTED:private-key]\\n\",").contains("\"client_email\": \"a@b.iam\"");
        assertThat(lineCount(redaction.text())).isEqualTo(lineCount(json));
    }

    @Test
    void redactsTheBodyAfterAPrivateKeyHeaderThatHasNoFooter() {
        String truncated = FakeSecrets.pemPrivateKey("RSA", 3, "\n");
        truncated = truncated.substring(0, truncated.indexOf("-----END"));
        String body = truncated.lines().skip(1).findFirst().orElseThrow();

        Redaction redaction = redactor.redact("notes.md", truncated + "\n");

        assertThat(redaction.text()).doesNotContain(body).startsWith("[REDACTED:private-key]");
        assertThat(lineCount(redaction.text())).isEqualTo(lineCount(truncated + "\n"));
    }

    @Test
    void aFileFullOfHeadersWithoutFootersIsRedactedInLinearTime() {
        String text = ("-----BEGIN " + "PRIVATE KEY-----\n").repeat(40_000);

        // a regex searching for a footer after every header took seconds for half this many
        Redaction redaction = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> redactor.redact("k.txt", text));

        assertThat(redaction.text()).doesNotContain("BEGIN").startsWith("[REDACTED:private-key]\n");
        assertThat(lineCount(redaction.text())).isEqualTo(40_000);
    }

    @Test
    void aFooterFarFromItsHeaderDoesNotTakeTheCodeInBetween() {
        String code = "    int x = compute(a, b); // parse (\n".repeat(1_000);
        String text = "static final String HEADER = \"-----BEGIN " + "PRIVATE KEY-----\";\n" + code
                + "static final String FOOTER = \"-----END PRIVATE KEY-----\";\n";
        assertThat(code.length()).isGreaterThan(PrivateKeyBlocks.MAX_BLOCK_CHARS);

        String redacted = redactor.redact("src/PemReader.java", text).text();

        assertThat(redacted).startsWith("static final String HEADER = \"[REDACTED:private-key]").contains(code)
                .endsWith("static final String FOOTER = \"-----END PRIVATE KEY-----\";\n");
    }

    @Test
    void leavesPublicKeysAndCertificatesAlone() {
        String text = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n"
                + "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n";
        assertUnchanged("certs/chain.txt", text);
    }

    @Test
    void redactsAwsSecretKeysInAssignments() {
        String secret = FakeSecrets.awsSecretKey();
        String keyId = FakeSecrets.awsAccessKeyId("AKIA");
        String credentials = "[default]\naws_access_key_id = " + keyId + "\naws_secret_access_key = " + secret + "\n";
        String json = "{\"AccessKeyId\": \"" + keyId + "\", \"SecretAccessKey\": \"" + secret + "\"}";
        String env = "AWS_SECRET_ACCESS_KEY=" + secret;

        Redaction fromIni = redactor.redact(".aws/credentials", credentials);
        assertThat(fromIni.text()).isEqualTo("[default]\naws_access_key_id = [REDACTED:aws-access-key-id]\n"
                + "aws_secret_access_key = [REDACTED:aws-secret-key]\n");
        assertThat(fromIni.counts()).isEqualTo(Map.of(SecretKind.AWS_ACCESS_KEY_ID, 1, SecretKind.AWS_SECRET_KEY, 1));

        assertThat(redactor.redact("sts.json", json).text()).doesNotContain(secret).doesNotContain(keyId)
                .contains("\"SecretAccessKey\": \"[REDACTED:aws-secret-key]\"");
        assertThat(redactor.redact("deploy.sh", env).text()).isEqualTo("AWS_SECRET_ACCESS_KEY=[REDACTED:aws-secret-key]");
    }

    static Stream<Arguments> assignments() {
        String v = "Hunter2-" + FakeSecrets.alnum(12);
        return Stream.of(
                arguments("settings.py", "PASSWORD = \"" + v + "\"", "PASSWORD = \"[REDACTED:secret]\""),
                arguments("settings.py", "db_password = '" + v + "'", "db_password = '[REDACTED:secret]'"),
                arguments("settings.py", "password: str = \"" + v + "\"", "password: str = \"[REDACTED:secret]\""),
                arguments("src/api.js", "const apiKey = '" + v + "';", "const apiKey = '[REDACTED:secret]';"),
                arguments("src/api.ts", "const API_KEY: string = `" + v + "`;",
                        "const API_KEY: string = `[REDACTED:secret]`;"),
                arguments("src/Config.java", "private static final String CLIENT_SECRET = \"" + v + "\";",
                        "private static final String CLIENT_SECRET = \"[REDACTED:secret]\";"),
                arguments("src/Config.kt", "val accessToken: String = \"" + v + "\"",
                        "val accessToken: String = \"[REDACTED:secret]\""),
                arguments("main.go", "secret := \"" + v + "\"", "secret := \"[REDACTED:secret]\""),
                arguments("config.php", "'password' => '" + v + "',", "'password' => '[REDACTED:secret]',"),
                arguments("Startup.cs", "var opts = new Options { ApiKey = @\"" + v + "\" };",
                        "var opts = new Options { ApiKey = @\"[REDACTED:secret]\" };"),
                arguments("appsettings.json", "{\"Jwt\": {\"Secret\": \"" + v + "\"}}",
                        "{\"Jwt\": {\"Secret\": \"[REDACTED:secret]\"}}"),
                arguments("config.yaml", "client_secret: " + v, "client_secret: [REDACTED:secret]"),
                arguments("config.yaml", "  x-api-key: " + v + "  # from the vendor portal",
                        "  x-api-key: [REDACTED:secret]  # from the vendor portal"),
                arguments("compose.yaml", "      - POSTGRES_PASSWORD=" + v, "      - POSTGRES_PASSWORD=[REDACTED:secret]"),
                arguments("compose.yaml", "POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-" + v + "}",
                        "POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-[REDACTED:secret]}"),
                arguments("application.yaml", "  jwt-secret: ${JWT_SECRET:" + v + "}",
                        "  jwt-secret: ${JWT_SECRET:[REDACTED:secret]}"),
                arguments("application.properties", "spring.datasource.password=" + v,
                        "spring.datasource.password=[REDACTED:secret]"),
                arguments("setup.cfg", "token = " + v, "token = [REDACTED:secret]"),
                arguments(".npmrc", "//registry.npmjs.org/:_authToken=" + v,
                        "//registry.npmjs.org/:_authToken=[REDACTED:secret]"),
                arguments("Dockerfile", "ENV API_TOKEN=" + v, "ENV API_TOKEN=[REDACTED:secret]"),
                arguments("settings.xml", "<server><id>x</id><password>" + v + "</password></server>",
                        "<server><id>x</id><password>[REDACTED:secret]</password></server>"),
                arguments("Web.config", "<add key=\"PaymentApiKey\" value=\"" + v + "\" />",
                        "<add key=\"PaymentApiKey\" value=\"[REDACTED:secret]\" />"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("assignments")
    void redactsAssignedSecretsKeepingTheName(String path, String text, String expected) {
        Redaction redaction = redactor.redact(path, text);

        assertThat(redaction.text()).isEqualTo(expected);
        assertThat(redaction.total()).isEqualTo(1);
    }

    @Test
    void redactsAMultiLineYamlBlockValue() {
        String first = FakeSecrets.alnum(30);
        String second = FakeSecrets.alnum(30);
        String yaml = "db:\n  password: |\n    " + first + "\n\n    " + second + "\n  user: app\n";

        Redaction redaction = redactor.redact("values.yml", yaml);

        assertThat(redaction.text()).isEqualTo("db:\n  password: |\n[REDACTED:secret]\n\n\n  user: app\n");
    }

    static Stream<Arguments> connectionStrings() {
        String p = "pa55-" + FakeSecrets.alnum(10);
        return Stream.of(
                arguments("postgres://app:" + p + "@db.internal:5432/orders",
                        "postgres://app:[REDACTED:connection-secret]@db.internal:5432/orders"),
                arguments("url = \"jdbc:postgresql://app:" + p + "@db:5432/x\"",
                        "url = \"jdbc:postgresql://app:[REDACTED:connection-secret]@db:5432/x\""),
                arguments("MONGO=mongodb+srv://svc:" + p + "@cluster0.abc.mongodb.net/?retryWrites=true",
                        "MONGO=mongodb+srv://svc:[REDACTED:connection-secret]@cluster0.abc.mongodb.net/?retryWrites=true"),
                arguments("redis://:" + p + "@cache:6379/0", "redis://:[REDACTED:connection-secret]@cache:6379/0"),
                arguments("amqp://guest:" + p + "@rabbit/", "amqp://guest:[REDACTED:connection-secret]@rabbit/"),
                arguments("\"Default\": \"Server=sql;Database=Orders;User Id=sa;Password=P@" + p + ";\"",
                        "\"Default\": \"Server=sql;Database=Orders;User Id=sa;Password=[REDACTED:connection-secret];\""),
                arguments("\"Storage\": \"DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=" + p
                                + "==;EndpointSuffix=core.windows.net\"",
                        "\"Storage\": \"DefaultEndpointsProtocol=https;AccountName=acme;"
                                + "AccountKey=[REDACTED:connection-secret];EndpointSuffix=core.windows.net\""),
                arguments("fetch(\"https://api.example.com/v1/items?limit=5&api_key=" + p + "&page=2\")",
                        "fetch(\"https://api.example.com/v1/items?limit=5&api_key=[REDACTED:connection-secret]&page=2\")"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("connectionStrings")
    void redactsTheCredentialsInsideConnectionStrings(String text, String expected) {
        Redaction redaction = redactor.redact("src/db.py", text);

        assertThat(redaction.text()).isEqualTo(expected);
        assertThat(redaction.counts()).isEqualTo(Map.of(SecretKind.CONNECTION_SECRET, 1));
    }

    @Test
    void redactsEveryValueOfADotEnvFileAndKeepsNamesCommentsAndLines() {
        String openAi = FakeSecrets.openAi();
        String env = "# local settings\n"
                + "PORT=3000\n"
                + "export DATABASE_URL=postgres://app:devpass@localhost/app\n"
                + "OPENAI_API_KEY=" + openAi + "\n"
                + "EMPTY=\n"
                + "QUOTED=\"two words\"\n"
                + "MULTI=\"line one\nline two\"\n"
                + "\n"
                + "FEATURE_FLAG=true\n";

        for (String name : List.of(".env", "config/.env.production", "docker/api.env")) {
            Redaction redaction = redactor.redact(name, env);

            assertThat(redaction.text()).as(name).isEqualTo("# local settings\n"
                    + "PORT=[REDACTED:env-value]\n"
                    + "export DATABASE_URL=[REDACTED:env-value]\n"
                    + "OPENAI_API_KEY=[REDACTED:openai-key]\n"
                    + "EMPTY=\n"
                    + "QUOTED=[REDACTED:env-value]\n"
                    + "MULTI=[REDACTED:env-value]\n\n"
                    + "\n"
                    + "FEATURE_FLAG=[REDACTED:env-value]\n");
            assertThat(redaction.text()).doesNotContain("devpass").doesNotContain(openAi).doesNotContain("3000");
            assertThat(lineCount(redaction.text())).isEqualTo(lineCount(env));
        }
    }

    @Test
    void outsideDotEnvFilesOrdinarySettingsStay() {
        String text = "PORT=3000\nFEATURE_FLAG=true\nLOG_LEVEL=debug\n";
        assertUnchanged("config/app.properties", text);
        assertUnchanged(".envrc", text);
    }

    static Stream<Arguments> nonSecrets() {
        return Stream.of(
                arguments("settings.py", "password = \"\""),
                arguments("settings.py", "token = None"),
                arguments("settings.py", "token = os.environ[\"TOKEN\"]"),
                arguments("settings.py", "password = os.getenv(\"DB_PASSWORD\")"),
                arguments("settings.py", "def login(username, password):\n    user.password = hash(password)"),
                arguments("settings.py", "tokenizer = \"bert-base\"\ntoken_type = \"Bearer\""),
                arguments("settings.py", "PASSWORD_MIN_LENGTH = 8\nPASSWORD_RESET_PATH = \"/reset\""),
                arguments("src/api.js", "const apiKey = process.env.API_KEY;"),
                arguments("src/api.js", "const headers = { 'X-Api-Key': apiKey, token };"),
                arguments("src/api.js", "if (password === \"\") { throw new Error('password required'); }"),
                arguments("src/api.js", "const url = `${base}?token=${token}`;"),
                arguments("src/types.ts", "interface Login { password: string; token?: string }"),
                arguments("src/Login.java", "String password = request.getParameter(\"password\");"),
                arguments("src/Login.java", "String passwordField = \"password\";"),
                arguments("src/Login.kt", "data class Login(val password: String, val token: String?)"),
                arguments("application.yaml", "spring:\n  datasource:\n    password: ${POSTGRES_PASSWORD:}"),
                arguments("application.yaml", "password: ${DB_PASSWORD}\napiKey: process.env.API_KEY"),
                arguments("ci.yml", "with:\n  token: ${{ secrets.GITHUB_TOKEN }}\n  github-token: ${{ github.token }}"),
                arguments("chart/values.yaml", "password: \"{{ .Values.db.password }}\"\nsecret: <your-secret-here>"),
                arguments("chart/values.yaml", "password:\n  type: string\n  format: password"),
                arguments("config/locales/en.yml", "en:\n  password: \"Password\"\n  new_password: New password"),
                arguments("cfn.yaml", "MasterUserPassword: !Ref DbPassword"),
                arguments("config.yaml", "password: null\ntoken: ~\nsecret: ''\napi_key: \"********\""),
                arguments("app.properties", "db.password=${DB_PASSWORD}\nservice.token=@service.token@"),
                arguments("deploy.sh", "TOKEN=$1\nPASSWORD=\"$DB_PASSWORD\"\nSECRET=$(vault read -field=x secret/app)"),
                arguments("styles.css", ".sk-fading-circle-animation-delay-one { color: red; }"),
                arguments("README.md", "Clone git@github.com:acme/app.git or https://github.com/acme/app, "
                        + "then open http://localhost:8080/path?x=1."),
                arguments("src/db.py", "url = f\"postgres://{user}:{password}@{host}/db\""),
                arguments("src/db.py", "url = \"postgres://app:${DB_PASSWORD}@db/app\""));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("nonSecrets")
    void leavesObviousNonSecretsAlone(String path, String text) {
        assertUnchanged(path, text);
    }

    @Test
    void redactingTwiceChangesNothingMore() {
        String text = "password = \"" + FakeSecrets.alnum(16) + "\"\nkey = \"" + FakeSecrets.google() + "\"\n"
                + FakeSecrets.pemPrivateKey("RSA", 2, "\n") + "\nurl = \"https://u:" + FakeSecrets.alnum(8) + "@h/\"\n";

        Redaction once = redactor.redact("app.py", text);
        Redaction twice = redactor.redact("app.py", once.text());

        assertThat(once.total()).isEqualTo(4);
        assertThat(twice.text()).isEqualTo(once.text());
        assertThat(twice.total()).isZero();
    }

    @Test
    void aMixedFileKeepsEveryOrdinaryLineAtItsNumber() {
        String text = String.join("\n",
                "import os",
                "GITHUB = \"" + FakeSecrets.github("ghp") + "\"",
                FakeSecrets.pemPrivateKey("OPENSSH", 6, "\n"),
                "def handler(event):",
                "    jwt = \"" + FakeSecrets.jwt() + "\"",
                "    db = \"mysql://root:" + FakeSecrets.alnum(12) + "@db/app\"",
                "    return event",
                "");

        Redaction redaction = redactor.redact("lambda/handler.py", text);

        List<String> before = text.lines().toList();
        List<String> after = redaction.text().lines().toList();
        assertThat(after).hasSameSizeAs(before);
        for (int i = 0; i < before.size(); i++) {
            if (!before.get(i).contains("REDACTED") && after.get(i).equals(before.get(i))) {
                continue;
            }
            assertThat(after.get(i)).as("line %d", i + 1).satisfiesAnyOf(
                    line -> assertThat(line).contains("[REDACTED:"), line -> assertThat(line).isEmpty());
        }
        assertThat(after.get(10)).isEqualTo("def handler(event):");
        assertThat(after.get(13)).isEqualTo("    return event");
        assertThat(redaction.counts()).isEqualTo(Map.of(SecretKind.GITHUB_TOKEN, 1, SecretKind.PRIVATE_KEY, 1,
                SecretKind.JWT, 1, SecretKind.CONNECTION_SECRET, 1));
    }

    @Test
    void textWithoutSecretsComesBackAsIs() {
        Redaction redaction = redactor.redact("src/App.java", "class App {\n}\n");
        assertThat(redaction.text()).isEqualTo("class App {\n}\n");
        assertThat(redaction.counts()).isEmpty();
        assertThat(redaction.kinds()).isEmpty();
    }

    private void assertUnchanged(String path, String text) {
        Redaction redaction = redactor.redact(path, text);
        assertThat(redaction.text()).isEqualTo(text);
        assertThat(redaction.total()).isZero();
    }

    private static long lineCount(String text) {
        return text.chars().filter(c -> c == '\n').count();
    }
}
