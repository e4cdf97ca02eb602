package dev.devagent.platform;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.devagent.support.ApiClient;
import dev.devagent.support.ApiTest;
import dev.devagent.support.ApiTestSupport;
import dev.devagent.support.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A generated corpus of hostile requests against every endpoint of the OpenAPI document and the
 * WebSocket: malformed and deeply nested JSON, wrong types, huge bodies, NUL and odd Unicode, SQL and
 * Cypher injection, path traversal and private-address repository URLs, tampered tokens, cross-user
 * reads and joins, foreign CORS origins, rate-limit exhaustion. Whatever comes in: no 5xx, no stack
 * trace in a body, no token or password in any log line, nothing of another user's returned.
 */
@ApiTest
class HostileInputTest extends ApiTestSupport {

    static final String PASSWORD = "correct-horse-1";
    static final String SECRET = "test-secret-that-is-long-enough-for-hs256-signing";
    static final ObjectMapper MAPPER = new ObjectMapper();

    static final List<String> INJECTIONS = List.of(
            "' OR '1'='1", "'; DROP TABLE users; --", "1; SELECT pg_sleep(10)--", "\" OR 1=1 --",
            "' UNION SELECT password_hash, username FROM users --", "%' AND 1=CAST((SELECT version()) AS int) --",
            "') RETURN 1 //", "x' }) MATCH (n) DETACH DELETE n //", "` MATCH (n) RETURN n //",
            "\\' OR 1=1; CALL db.labels() //", "${jndi:ldap://127.0.0.1/x}", "{{7*7}}", "<script>alert(1)</script>");
    static final List<String> ODD_TEXT = List.of(
            "a\u0000b", "\u0000", "\u202Eevil\u202C", "zero\u200Bwidth", "\uD83D\uDE00 emoji", "e\u0301\u0301\u0301",
            "\uFFFF\uFFFE", "\uD800 lone surrogate", "ＦＵＬＬＷＩＤＴＨ", "line\r\nInjected-Header: x", "\t\u000B\f",
            "../../../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%00", "\u0085\u2028\u2029");
    static final List<String> MALFORMED = List.of(
            "{", "}", "[", "{\"message\":", "{\"message\": \"x\",}", "{'message': 'x'}", "null", "\"just a string\"",
            "12345", "true", "{\"message\": \"x\"} trailing", "\uFEFF{\"message\": \"x\"}", "{\"message\": 1e99999}",
            "{\"message\": \"\\u0000\"}", "{\"message\": \"\\ud800\"}", "{\"a\":1,\"a\":2}", "", "   ",
            "{\"message\": NaN}", "{\"message\": \"x\" \"y\"}");

    @Autowired
    JdbcTemplate jdbc;
    @Value("${agent.push.ws-port}")
    int wsPort;

    ListAppender<ILoggingEvent> logs;
    final List<Exchange> exchanges = Collections.synchronizedList(new ArrayList<>());
    final List<String> secrets = Collections.synchronizedList(new ArrayList<>());

    /** One request of the corpus and what came back; {@code stranger} marks a caller who must see nothing of the owner's. */
    record Exchange(String label, int status, String body, boolean stranger) {
    }

    @BeforeEach
    void captureLogs() {
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    // ---- the corpus ------------------------------------------------------------------------------------

    @Test
    void theHostileCorpusGetsCleanAnswersAndLeaksNothing() throws Exception {
        ApiClient owner = newUser();
        secrets.add(owner.token());
        ApiClient stranger = newUser();
        secrets.add(stranger.token());
        ApiClient admin = signIn("root-admin");
        secrets.add(admin.token());
        String marker = "owner-secret-" + UUID.randomUUID();
        String conversation = owner.post("/api/chat/conversations", Map.of("title", marker)).text("conversationId");
        String queryId = ask(owner, "Where is " + marker + " used?", conversation).text("queryId");
        awaitFinished(owner, queryId);
        long usersBefore = jdbc.queryForObject("SELECT count(*) FROM users", Long.class);

        List<Operation> all = operations();
        assertThat(all).as("operations in the OpenAPI document").hasSizeGreaterThan(25);
        // signing out is exercised on its own below: in the loops it would end the callers' sessions
        List<Operation> operations = all.stream().filter(op -> !op.path().equals("/api/auth/logout")).toList();

        malformedAndNestedBodies(operations, stranger);
        wrongTypes(stranger, admin);
        hugeBodies(operations, stranger);
        oddTextAndInjectionsEverywhere(operations, stranger, admin);
        repositoryUrls(admin);
        tamperedTokens(all, owner, stranger);
        crossUserReads(owner, stranger, conversation, queryId);
        corsOrigins(operations);
        rateLimits();
        webSocket(owner, stranger, conversation);

        assertThat(exchanges.size()).as("requests in the corpus").isGreaterThanOrEqualTo(500);
        assertThat(exchanges).allSatisfy(e -> {
            assertThat(e.status()).as(e.label() + " -> " + e.body()).isLessThan(500);
            assertThat(e.body()).as(e.label()).doesNotContain("\tat ");
            if (e.status() >= 400) {
                // (successful bodies such as /metrics name classes legitimately)
                assertThat(e.body()).as(e.label()).doesNotContain("Exception").doesNotContain("java.lang")
                        .doesNotContain("org.springframework").doesNotContain("org.apache");
            }
        });
        assertThat(exchanges).filteredOn(Exchange::stranger).allSatisfy(e ->
                assertThat(e.body()).as(e.label()).doesNotContain(marker));

        // the injections changed nothing: the tables are there, the owner's data intact
        assertThat(jdbc.queryForObject("SELECT count(*) FROM users", Long.class)).isGreaterThanOrEqualTo(usersBefore);
        assertThat(owner.get("/api/chat/conversations/" + conversation + "/messages").body()).contains(marker);

        List<String> lines = logs.list.stream().map(HostileInputTest::logText).toList();
        assertThat(lines).as("log lines captured").isNotEmpty();
        for (String secret : secrets) {
            assertThat(lines).as("no token or password in the logs").noneMatch(line -> line.contains(secret));
        }
        assertThat(lines).noneMatch(line -> line.contains(PASSWORD)).noneMatch(line -> line.contains(SECRET))
                .noneMatch(line -> line.contains("Bearer ey"));
    }

    // ---- generators --------------------------------------------------------------------------------------

    record Operation(String method, String path) {

        boolean hasBody() {
            return method.equals("post");
        }

        /** The path with each {param} filled by the supplier. */
        String fill(Supplier<String> value) {
            return path.replaceAll("\\{[^}]+}", java.util.regex.Matcher.quoteReplacement(value.get()));
        }
    }

    private List<Operation> operations() throws Exception {
        JsonNode doc = MAPPER.readTree(anonymous().get("/api/openapi.json").body());
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            var path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (List.of("get", "post", "delete", "put", "patch").contains(method)) {
                    operations.add(new Operation(method, path.getKey()));
                }
            });
        }
        return operations;
    }

    private void malformedAndNestedBodies(List<Operation> operations, ApiClient user) {
        String deepArray = "[".repeat(5000) + "]".repeat(5000);
        String deepObject = "{\"a\":".repeat(3000) + "1" + "}".repeat(3000);
        String deepMessage = "{\"message\": " + "[".repeat(2000) + "]".repeat(2000) + "}";
        List<String> bodies = new ArrayList<>(MALFORMED);
        bodies.addAll(List.of(deepArray, deepObject, deepMessage));
        for (Operation op : operations) {
            if (!op.hasBody()) {
                continue;
            }
            String path = op.fill(() -> "query-1700000000000-abcdefghi");
            for (String body : bodies) {
                record(op.method() + " " + path + " malformed", fresh(user).post(path, body), false);
            }
        }
    }

    private void wrongTypes(ApiClient user, ApiClient admin) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("/api/auth/register", List.of("username", "password"));
        fields.put("/api/auth/login", List.of("username", "password"));
        fields.put("/api/chat/message", List.of("message", "conversationId", "username"));
        fields.put("/api/chat/conversations", List.of("title"));
        fields.put("/api/query", List.of("query", "conversationId"));
        fields.put("/api/repositories", List.of("url", "branch"));
        fields.put("/api/admin/users", List.of("username", "password", "role"));
        List<Object> wrong = List.of(42, -1.5, true, List.of("a", 1), Map.of("nested", Map.of("x", 1)), "");
        fields.forEach((path, names) -> {
            ApiClient caller = path.startsWith("/api/repositories") || path.startsWith("/api/admin") ? admin : user;
            for (String name : names) {
                for (Object value : wrong) {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("username", "someone-" + UUID.randomUUID().toString().substring(0, 6));
                    body.put("password", "a-long-password-1");
                    body.put("message", "hi");
                    body.put(name, value);
                    record("POST " + path + " " + name + "=" + value, fresh(caller).post(path, body), false);
                }
                Map<String, Object> withNull = new LinkedHashMap<>();
                withNull.put(name, null);
                record("POST " + path + " " + name + "=null", fresh(caller).post(path, withNull), false);
            }
        });
    }

    private void hugeBodies(List<Operation> operations, ApiClient user) throws Exception {
        byte[] huge = ("{\"message\": \"" + "z".repeat(300_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        for (Operation op : operations) {
            if (!op.hasBody()) {
                continue;
            }
            String path = op.fill(() -> "query-1700000000000-abcdefghi");
            var response = fresh(user).postBytes(path, huge);
            record("POST " + path + " huge", response, false);
            assertThat(response.status()).as(path + " " + response).isIn(413, 401, 403);
        }
        // without Content-Length: counted while reading
        HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/chat/message"))
                .header("Authorization", "Bearer " + user.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge))).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(chunked, HttpResponse.BodyHandlers.ofString());
        exchanges.add(new Exchange("chunked huge", response.statusCode(), response.body(), false));
        assertThat(response.statusCode()).isEqualTo(413);
    }

    private void oddTextAndInjectionsEverywhere(List<Operation> operations, ApiClient user, ApiClient admin) {
        List<String> hostile = new ArrayList<>(INJECTIONS);
        hostile.addAll(ODD_TEXT);
        for (Operation op : operations) {
            ApiClient caller = op.path().startsWith("/api/admin") || op.path().startsWith("/api/ops")
                    || op.path().startsWith("/api/repositories") ? admin : user;
            for (String value : hostile) {
                String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
                String path = op.fill(() -> encoded);
                String query = "?q=" + encoded + "&package=" + encoded + "&ecosystem=" + encoded + "&version="
                        + encoded + "&repo=" + encoded + "&limit=" + encoded + "&days=" + encoded;
                ApiClient client = fresh(caller);
                ApiClient.Response response = switch (op.method()) {
                    case "get" -> client.get(path + query);
                    case "delete" -> client.delete(path);
                    default -> client.post(path, Map.of("message", value, "query", value, "title", value,
                            "username", value, "password", value + "-long-enough", "url", value, "branch", value));
                };
                record(op.method() + " " + path + " hostile text", response, false);
            }
        }
        // valid requests carrying hostile text: searches and graph lookups run them as data
        for (String value : hostile) {
            String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
            record("search " + value, fresh(user).get("/api/search?q=" + encoded), false);
            record("dependents " + value, fresh(user).get("/api/graph/dependents?package=" + encoded), false);
            record("impact " + value, fresh(user).get("/api/graph/impact?package=" + encoded + "&version=" + encoded), false);
            record("title " + value, fresh(user).post("/api/chat/conversations", Map.of("title", value)), false);
            record("login " + value, anonymous().post("/api/auth/login", Map.of("username", value, "password", value)), false);
        }
    }

    private void repositoryUrls(ApiClient admin) {
        List<String> refused = List.of(
                "file:///etc/passwd", "/etc", "../../../../etc", "file://../../../etc", "/proc/self",
                "http://127.0.0.1/acme/api.git", "https://127.0.0.1/acme/api.git", "https://localhost/acme/api",
                "https://10.0.0.1/acme/api", "https://192.168.1.10/acme/api", "https://172.16.0.5/acme/api",
                "https://169.254.169.254/latest/meta-data", "https://[::1]/acme/api", "https://[fd00::1]/acme/api",
                "https://[::ffff:127.0.0.1]/acme/api", "https://0.0.0.0/acme/api", "https://2130706433/acme/api",
                "https://0x7f000001/acme/api", "https://user:pass@github.com/acme/api",
                "https://token@github.com/acme/api", "ssh://git@127.0.0.1/acme/api", "git@localhost:acme/api.git",
                "ext::sh -c touch% pwned", "--upload-pack=touch pwned", "ftp://example.com/acme/api",
                "javascript:alert(1)", "https://", "https:///acme/api", "gopher://127.0.0.1:6379/_INFO",
                "https://metadata.google.internal/acme/api", "\u0000", "https://127.1/acme/api");
        for (String url : refused) {
            var response = fresh(admin).post("/api/repositories", Map.of("url", url));
            record("repository " + url, response, false);
            assertThat(response.status()).as(url + " -> " + response).isEqualTo(400);
            assertThat(response.text("error")).as(url).isIn("Invalid repository URL", "Validation failed");
        }
        for (String branch : List.of("../../etc", "--upload-pack=x", "main; rm -rf /", "-b", "a\u0000b")) {
            var response = fresh(admin).post("/api/repositories",
                    Map.of("url", "https://github.com/acme/api", "branch", branch));
            record("branch " + branch, response, false);
            assertThat(response.status()).as(branch + " -> " + response).isEqualTo(400);
        }
    }

    private void tamperedTokens(List<Operation> operations, ApiClient owner, ApiClient stranger) throws Exception {
        String subject = jdbc.queryForObject("SELECT id::text FROM users WHERE username = ?", String.class,
                owner.username());
        String[] parts = owner.token().split("\\.");
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("alg none", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".");
        tokens.put("alg none no dot", b64("{\"alg\":\"none\"}") + "." + parts[1]);
        tokens.put("expired", sign(SECRET, subject, owner.username(), "user", Instant.now().minusSeconds(3600)));
        tokens.put("wrong key", sign("another-secret-that-is-long-enough-for-hs256!", subject, owner.username(), "admin",
                Instant.now().plusSeconds(3600)));
        tokens.put("payload swapped to admin", parts[0] + "." + b64(new String(Base64.getUrlDecoder().decode(parts[1]),
                StandardCharsets.UTF_8).replace("\"role\":\"user\"", "\"role\":\"admin\"")) + "." + parts[2]);
        tokens.put("signature stripped", parts[0] + "." + parts[1] + ".");
        tokens.put("RS256 header", b64("{\"alg\":\"RS256\"}") + "." + parts[1] + "." + parts[2]);
        tokens.put("garbage", "not.a.token");
        tokens.put("empty", "");
        tokens.put("huge", "a".repeat(9000));
        tokens.put("nul", "abc\u0000def");
        tokens.values().forEach(secrets::add);
        secrets.remove("");
        secrets.remove("not.a.token");

        for (var token : tokens.entrySet()) {
            for (Operation op : operations) {
                if (op.path().equals("/api/auth/register") || op.path().equals("/api/auth/login")
                        || op.path().equals("/api/openapi.json") || op.path().equals("/api/client-config")
                        || !op.path().startsWith("/api/")) {
                    continue;
                }
                ApiClient client = new ApiClient("http://127.0.0.1:" + port);
                if (!token.getValue().isEmpty()) {
                    client.token(token.getValue().replace("\u0000", "%00"));
                }
                String path = op.fill(() -> UUID.randomUUID().toString());
                ApiClient.Response response = switch (op.method()) {
                    case "get" -> client.get(path);
                    case "delete" -> client.delete(path);
                    default -> client.post(path, Map.of("message", "hi"));
                };
                record(token.getKey() + " " + op.method() + " " + path, response, true);
                if (token.getKey().equals("huge")) {
                    assertThat(response.status()).as(op.path() + " " + response).isIn(400, 401, 431);
                } else {
                    assertThat(response.status()).as(token.getKey() + " " + op.path() + " " + response).isEqualTo(401);
                }
            }
        }
        // a signed-out token is dead everywhere
        ApiClient leaving = newUser();
        secrets.add(leaving.token());
        assertThat(leaving.post("/api/auth/logout", "").status()).isEqualTo(204);
        var revoked = fresh(leaving).get("/api/chat/conversations");
        record("revoked token", revoked, true);
        assertThat(revoked.status()).isEqualTo(401);
        // a user's valid token does not make them admin
        for (String path : List.of("/api/admin/costs/summary", "/api/ops/routes")) {
            var response = fresh(stranger).get(path);
            record("user on " + path, response, true);
            assertThat(response.status()).isEqualTo(403);
        }
        var response = fresh(stranger).post("/api/admin/users", Map.of("username", "sneaky-" + UUID.randomUUID()
                .toString().substring(0, 6), "password", "a-long-password-1", "role", "admin"));
        record("user creates admin", response, true);
        assertThat(response.status()).isEqualTo(403);
    }

    private void crossUserReads(ApiClient owner, ApiClient stranger, String conversation, String queryId) {
        Map<String, Supplier<ApiClient.Response>> attempts = new LinkedHashMap<>();
        attempts.put("messages", () -> fresh(stranger).get("/api/chat/conversations/" + conversation + "/messages"));
        attempts.put("messages limit", () -> fresh(stranger).get("/api/chat/conversations/" + conversation
                + "/messages?limit=500"));
        attempts.put("query", () -> fresh(stranger).get("/api/chat/query/" + queryId));
        attempts.put("query status", () -> fresh(stranger).get("/api/query/" + queryId));
        attempts.put("query result", () -> fresh(stranger).get("/api/query/" + queryId + "/result"));
        attempts.put("cancel", () -> fresh(stranger).post("/api/chat/query/" + queryId + "/cancel", ""));
        attempts.put("post into", () -> fresh(stranger).post("/api/chat/message",
                Map.of("conversationId", conversation, "message", "let me in")));
        attempts.put("query into", () -> fresh(stranger).post("/api/query",
                Map.of("conversationId", conversation, "query", "let me in")));
        attempts.put("as owner by name", () -> fresh(stranger).post("/api/chat/message",
                Map.of("message", "hi", "username", owner.username())));
        attempts.put("delete", () -> fresh(stranger).delete("/api/chat/conversation/" + conversation));
        attempts.put("list", () -> fresh(stranger).get("/api/chat/conversations"));
        attempts.put("search", () -> fresh(stranger).get("/api/search?q=owner-secret"));
        attempts.forEach((label, attempt) -> {
            var response = attempt.get();
            record("cross-user " + label, response, true);
            if (!label.equals("list") && !label.equals("search")) {
                assertThat(response.status()).as(label + " " + response).isBetween(400, 499);
            }
        });
        // still the owner's
        assertThat(owner.get("/api/chat/conversations/" + conversation + "/messages").status()).isEqualTo(200);
    }

    private void corsOrigins(List<Operation> operations) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<String> origins = List.of("https://evil.example", "null", "http://localhost:5173.evil.example",
                "http://localhost", "http://localhost:5174", "https://localhost:5173", "file://", "http://127.0.0.1.evil");
        for (String origin : origins) {
            for (Operation op : operations.subList(0, Math.min(8, operations.size()))) {
                String path = op.fill(() -> UUID.randomUUID().toString());
                HttpRequest preflight = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", origin)
                        .header("Access-Control-Request-Method", op.method().toUpperCase())
                        .header("Access-Control-Request-Headers", "authorization,content-type").build();
                HttpResponse<String> response = http.send(preflight, HttpResponse.BodyHandlers.ofString());
                exchanges.add(new Exchange("preflight " + origin + " " + path, response.statusCode(), response.body(), true));
                assertThat(response.statusCode()).as(origin + " " + path).isEqualTo(403);
                assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            }
            HttpRequest simple = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/chat/conversations"))
                    .header("Origin", origin).GET().build();
            HttpResponse<String> response = http.send(simple, HttpResponse.BodyHandlers.ofString());
            exchanges.add(new Exchange("simple " + origin, response.statusCode(), response.body(), true));
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThatThrownBy(() -> WsClient.connect(wsPort, origin)).as("WebSocket from " + origin)
                    .isInstanceOf(CompletionException.class);
        }
    }

    private void rateLimits() {
        ApiClient client = anonymous();
        for (int i = 0; i < 100; i++) {
            record("rate limit " + i, client.get("/api/graph/stats"), true);
        }
        for (String path : List.of("/api/graph/stats", "/api/chat/message", "/api/auth/login")) {
            var limited = path.endsWith("stats") ? client.get(path) : client.post(path, Map.of("username", "x"));
            record("rate limited " + path, limited, true);
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.text("error")).isEqualTo("Too many requests");
            assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
            assertThat(limited.header("RateLimit-Limit")).isEqualTo("100");
            assertThat(limited.header("RateLimit-Remaining")).isEqualTo("0");
            assertThat(Long.parseLong(limited.header("RateLimit-Reset"))).isPositive();
        }
        // the AI quota: 5 per user here
        ApiClient user = newUser();
        secrets.add(user.token());
        ApiClient.Response last = null;
        for (int i = 0; i < 7; i++) {
            last = fresh(user).post("/api/chat/message", Map.of("message", "quota " + i + " ' OR 1=1 --"));
            record("quota " + i, last, true);
        }
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.header("Retry-After")).isNotNull();
        assertThat(last.header("RateLimit-Limit")).isEqualTo("5");
    }

    private void webSocket(ApiClient owner, ApiClient stranger, String conversation) {
        List<Object> frames = new ArrayList<>(List.of(
                "not json", "{", "[]", "null", "\"join\"", "{\"type\": null}", "{\"type\": 42}", "{\"type\": [\"join\"]}",
                "{\"type\":\"join\"}", "[".repeat(3000) + "]".repeat(3000), "{\"a\":".repeat(2000) + "1" + "}".repeat(2000),
                "{\"type\":\"join\",\"conversationId\":\"x\u0000y\",\"token\":\"" + owner.token() + "\"}", "{\"type\":\"" + "x".repeat(60_000) + "\"}"));
        frames.add(Map.of("type", "join", "conversationId", 12345, "token", owner.token()));
        frames.add(Map.of("type", "join", "conversationId", List.of(conversation), "token", owner.token()));
        frames.add(Map.of("type", "join", "conversationId", conversation, "token", owner.token(), "afterId", "zero"));
        frames.add(Map.of("type", "join", "conversationId", conversation, "token", owner.token(), "afterId", -5));
        frames.add(Map.of("type", "join", "conversationId", conversation, "token", owner.token(),
                "afterId", new java.math.BigInteger("99999999999999999999999")));
        frames.add(Map.of("type", "leave", "conversationId", "' OR '1'='1"));
        frames.add(Map.of("type", "subscribe", "topic", "../../etc", "token", owner.token()));
        for (String injection : INJECTIONS) {
            frames.add(Map.of("type", "join", "conversationId", injection, "token", owner.token()));
        }
        for (String odd : ODD_TEXT) {
            // the client cannot encode a lone surrogate into a text frame (the HTTP corpus sends it)
            if (!odd.contains("\uD800")) {
                frames.add(Map.of("type", odd));
            }
        }
        try (WsClient ws = WsClient.connect(wsPort, null)) {
            for (Object frame : frames) {
                ws.send(frame);
            }
            ws.send(Map.of("type", "ping"));
            List<JsonNode> received = ws.until(f -> "pong".equals(f.path("type").asText()), Duration.ofSeconds(20));
            // the owner's own socket: replayed events of the conversation are theirs to see
            received.forEach(f -> exchanges.add(new Exchange("ws frame", f.path("type").asText().equals("error") ? 400 : 200,
                    f.toString(), false)));
            assertThat(received).filteredOn(f -> "error".equals(f.path("type").asText())).isNotEmpty()
                    .allSatisfy(f -> assertThat(f.path("data").path("error").asText()).isNotBlank());
            assertThat(received).noneMatch(f -> f.toString().contains("Exception"));
        }
        // tampered and foreign tokens close the socket with the documented codes
        String[] parts = owner.token().split("\\.");
        Map<String, Integer> joins = new LinkedHashMap<>();
        joins.put(b64("{\"alg\":\"none\"}") + "." + parts[1] + ".", 4401);
        joins.put(parts[0] + "." + parts[1] + ".", 4401);
        joins.put("garbage", 4401);
        joins.put(stranger.token(), 4403);
        for (var join : joins.entrySet()) {
            WsClient ws = WsClient.connect(wsPort, null);
            ws.send(Map.of("type", "join", "conversationId", conversation, "token", join.getKey()));
            int code = ws.awaitClose(Duration.ofSeconds(10));
            exchanges.add(new Exchange("ws join close " + code, 400, "", true));
            assertThat(code).isEqualTo(join.getValue());
            ws.drain().forEach(f -> exchanges.add(new Exchange("ws after join", 400, f.toString(), true)));
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** The same caller from a new address, so the per-IP limit never cuts the corpus short. */
    private ApiClient fresh(ApiClient caller) {
        ApiClient client = new ApiClient("http://127.0.0.1:" + port);
        return caller.token() == null ? client : client.token(caller.token()).username(caller.username());
    }

    private void record(String label, ApiClient.Response response, boolean stranger) {
        exchanges.add(new Exchange(label, response.status(), response.body(), stranger));
        if (response.status() >= 400) {
            assertThat(response.header("Content-Type")).as(label + " " + response).startsWith("application/json");
            assertThat(response.text("error")).as(label + " " + response).isNotBlank();
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String sign(String secret, String subject, String username, String role, Instant expires)
            throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("developer-agent").subject(subject)
                .jwtID(UUID.randomUUID().toString()).issueTime(java.util.Date.from(expires.minusSeconds(7200)))
                .expirationTime(java.util.Date.from(expires)).claim("username", username).claim("role", role).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static String logText(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getFormattedMessage());
        event.getMDCPropertyMap().values().forEach(v -> text.append(' ').append(v));
        if (event.getThrowableProxy() != null) {
            text.append(' ').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
        return text.toString();
    }
}
