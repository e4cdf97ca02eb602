package dev.devagent.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.devagent.support.ApiClient;
import dev.devagent.support.ApiTest;
import dev.devagent.support.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ApiTest
class AuthTest extends ApiTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void logoutOnOneReplicaIsRefusedOnAnotherWithinTheRecheckInterval() {
        TokenRevocations here = new TokenRevocations(jdbc);
        TokenRevocations there = new TokenRevocations(jdbc);
        String jti = UUID.randomUUID().toString();
        assertThat(there.isRevoked(jti)).isFalse();

        here.revoke(jti, Instant.now().plus(Duration.ofHours(1)));
        assertThat(here.isRevoked(jti)).isTrue();
        await().atMost(TokenRevocations.RECHECK_AFTER.plusSeconds(1)).until(() -> there.isRevoked(jti));
    }

    @Test
    void registersLogsInAndOut() {
        ApiClient client = anonymous();
        String name = "user-" + UUID.randomUUID().toString().substring(0, 8);
        var registered = client.post("/api/auth/register", Map.of("username", name, "password", "long-enough-pw"));
        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.text("username")).isEqualTo(name);
        assertThat(registered.text("role")).isEqualTo("user");
        assertThat(registered.text("userId")).hasSize(36);
        assertThat(registered.body()).doesNotContain("long-enough-pw").doesNotContain("password");

        var login = client.post("/api/auth/login", Map.of("username", name, "password", "long-enough-pw"));
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.text("expiresAt")).endsWith("Z");
        client.token(login.text("token"));
        assertThat(client.get("/api/chat/conversations").status()).isEqualTo(200);

        assertThat(client.post("/api/auth/logout", "").status()).isEqualTo(204);
        var afterLogout = client.get("/api/chat/conversations");
        assertThat(afterLogout.status()).isEqualTo(401);
        assertThat(afterLogout.text("error")).isEqualTo("Invalid or expired token");
    }

    @Test
    void refusesDuplicateNamesCaseInsensitively() {
        String name = "Dup-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient client = anonymous();
        assertThat(client.post("/api/auth/register", Map.of("username", name, "password", "long-enough-pw")).status())
                .isEqualTo(201);
        var again = client.post("/api/auth/register", Map.of("username", name.toLowerCase(), "password", "pw-long-enough"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("error")).isEqualTo("Username already taken");
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSame401() {
        ApiClient user = newUser();
        var wrong = anonymous().post("/api/auth/login", Map.of("username", user.username(), "password", "not-the-pw"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.text("error")).isEqualTo("Invalid username or password");
        String name = "nobody-" + UUID.randomUUID().toString().substring(0, 8);
        var unknown = anonymous().post("/api/auth/login", Map.of("username", name, "password", "whatever-pw"));
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.text("error")).isEqualTo("Invalid username or password");
    }

    @Test
    void protectedEndpointsNeedAValidToken() {
        var none = anonymous().get("/api/chat/conversations");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.text("error")).isEqualTo("Authentication required");

        var forged = anonymous().token("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl").get("/api/chat/conversations");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.text("error")).isEqualTo("Invalid or expired token");
    }

    @Test
    void onlyAdminsCreateUsers() {
        ApiClient user = newUser();
        var denied = user.post("/api/admin/users", Map.of("username", "x-" + UUID.randomUUID().toString().substring(0, 6),
                "password", "long-enough-pw"));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.text("error")).isEqualTo("Forbidden");

        ApiClient admin = signIn("root-admin");
        String name = "made-" + UUID.randomUUID().toString().substring(0, 6);
        var created = admin.post("/api/admin/users", Map.of("username", name, "password", "long-enough-pw",
                "role", "admin"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text("role")).isEqualTo("admin");
        var login = anonymous().post("/api/auth/login", Map.of("username", name, "password", "long-enough-pw"));
        assertThat(login.status()).isEqualTo(200);
    }

    @Test
    void adminCreatedUsersDefaultToTheUserRole() {
        ApiClient admin = signIn("root-admin");
        var created = admin.post("/api/admin/users", Map.of("username", "u-" + UUID.randomUUID().toString().substring(0, 6),
                "password", "long-enough-pw"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text("role")).isEqualTo("user");
    }

    @Test
    void credentialsAreNeverEchoedInResponses() {
        ApiClient user = newUser()
                .header("Cookie", "session=super-secret-cookie")
                .header("X-Api-Key", "super-secret-key")
                .header("Proxy-Authorization", "Basic c2VjcmV0");
        for (var response : new ApiClient.Response[] {
                user.get("/api/chat/conversations"),
                user.post("/api/chat/conversations", Map.of("title", "t")),
                user.get("/api/chat/query/query-1-aaaaaaaaa"),
                user.post("/api/chat/message", "{not json"),
                anonymous().header("X-Api-Key", "k").header("Cookie", "c=1").get("/health")}) {
            assertThat(response.headers().map().keySet())
                    .as("headers of a %d response", response.status())
                    .noneMatch(name -> name.equalsIgnoreCase("authorization") || name.equalsIgnoreCase("cookie")
                            || name.equalsIgnoreCase("x-api-key") || name.equalsIgnoreCase("proxy-authorization")
                            || name.equalsIgnoreCase("x-forwarded-for") || name.equalsIgnoreCase("user-agent"));
            assertThat(response.body()).doesNotContain(user.token()).doesNotContain("super-secret");
        }
    }
}
