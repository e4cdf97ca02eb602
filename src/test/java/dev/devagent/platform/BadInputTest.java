package dev.devagent.platform;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import dev.devagent.support.ApiClient;
import dev.devagent.support.ApiTest;
import dev.devagent.support.ApiTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets a clear 4xx with {error, details}; never a 500 or a stack trace. */
@ApiTest
class BadInputTest extends ApiTestSupport {

    ApiClient user;

    @BeforeEach
    void signIn() {
        user = newUser();
    }

    private static void assertClientError(ApiClient.Response response, int status, String error) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.text("error")).as(response.toString()).isEqualTo(error);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void malformedJsonIs400() {
        assertClientError(user.post("/api/chat/message", "{\"message\": "), 400, "Malformed JSON");
        assertClientError(anonymous().post("/api/auth/login", "{\"username\": \"a\", "), 400, "Malformed JSON");
    }

    @Test
    void missingOrEmptyFieldsAre400WithTheFieldNamed() {
        var missing = user.post("/api/chat/message", Map.of());
        assertClientError(missing, 400, "Validation failed");
        assertThat(missing.json().get("details").findValuesAsText("field")).containsExactly("message");

        assertClientError(user.post("/api/chat/message", Map.of("message", "   ")), 400, "Validation failed");
        assertClientError(user.post("/api/chat/message", ""), 400, "Request body is required");
        var register = anonymous().post("/api/auth/register", Map.of("username", "x", "password", "short"));
        assertClientError(register, 400, "Validation failed");
        assertThat(register.json().get("details").findValuesAsText("field")).containsExactly("password", "username");
    }

    @Test
    void wrongTypesAre400() {
        var wrong = user.post("/api/chat/message", Map.of("message", Map.of("nested", true)));
        assertClientError(wrong, 400, "Invalid request body");
        assertThat(wrong.text("details")).contains("message");
        assertClientError(user.post("/api/chat/message", "[\"a\"]"), 400, "Invalid request body");
    }

    @Test
    void oversizedFieldIs400() {
        var tooLong = user.post("/api/chat/message", Map.of("message", "x".repeat(2001)));
        assertClientError(tooLong, 400, "Message too long");
        assertThat(tooLong.json().get("details").get("maxLength").asInt()).isEqualTo(2000);
    }

    @Test
    void badAndUnknownIds() {
        assertClientError(user.post("/api/chat/message", Map.of("message", "hi", "conversationId", "not-a-uuid")),
                400, "Validation failed");
        assertClientError(user.get("/api/chat/conversations/not-a-uuid/messages"), 400, "Invalid conversation id");
        assertClientError(user.get("/api/chat/conversations/" + UUID.randomUUID() + "/messages"), 404,
                "Conversation not found");
        assertClientError(user.get("/api/chat/query/..%2F..%2Fetc"), 400, "Bad Request");
        assertClientError(user.get("/api/chat/query/nonsense"), 400, "Invalid query id");
        assertClientError(user.get("/api/chat/query/query-1700000000000-abcdefghi"), 404, "Query not found");
        assertClientError(user.get("/api/query/query-1700000000000-abcdefghi/result"), 404, "Query not found");
        assertClientError(user.delete("/api/chat/conversation/" + UUID.randomUUID()), 404, "Conversation not found");
        assertClientError(user.get("/api/chat/conversations/" + UUID.randomUUID() + "/messages?limit=0"), 400,
                "Invalid limit");
    }

    @Test
    void unknownEndpointsAndMethodsAreJson() {
        // other paths belong to the web app (deep links); a missing file is still a JSON 404
        assertClientError(anonymous().get("/nope.txt"), 404, "Not found");
        assertClientError(user.get("/api/nope"), 404, "Not found");
        assertClientError(user.delete("/api/chat/conversations"), 405, "Method not allowed");
    }

    @Test
    void bodiesOverTheLimitAre413() throws Exception {
        byte[] big = ("{\"message\": \"" + "y".repeat(70_000) + "\"}").getBytes();
        assertClientError(user.postBytes("/api/chat/message", big), 413, "Request body too large");

        // without Content-Length (chunked): the limit is enforced while reading
        HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/chat/message"))
                .header("Authorization", "Bearer " + user.token())
                .header("X-Forwarded-For", user.clientIp())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(chunked, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.body()).contains("Request body too large");
    }
}
