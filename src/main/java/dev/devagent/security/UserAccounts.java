package dev.devagent.security;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devagent.platform.AgentProperties;
import dev.devagent.platform.ApiException;
import dev.devagent.security.AuthModels.CreateUserRequest;
import dev.devagent.security.AuthModels.LoginRequest;
import dev.devagent.security.AuthModels.LoginResponse;
import dev.devagent.security.AuthModels.RegisterRequest;
import dev.devagent.security.AuthModels.RegisteredUser;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accounts: self-registration under the configured mode, login, logout, and users created by admins.
 * Names in ADMIN_USERNAMES are admins; with first-user-admin (embedded defaults) so is the first account.
 */
@Component("userAccounts")
public class UserAccounts {

    private final JdbcTemplate jdbc;
    private final PasswordEncoder passwords;
    private final TokenService tokens;
    private final JwtDecoder decoder;
    private final ObjectMapper mapper;
    private final AgentProperties.Security settings;
    private final Set<String> adminNames;
    // compared against when the user is unknown, so both paths cost one bcrypt check; made after startup
    private volatile String dummyHash;

    UserAccounts(JdbcTemplate jdbc, PasswordEncoder passwords, TokenService tokens, JwtDecoder decoder,
                 ObjectMapper mapper, AgentProperties properties) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.tokens = tokens;
        this.decoder = decoder;
        this.mapper = mapper;
        this.settings = properties.security();
        this.adminNames = settings.adminUsernames().stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(String::toLowerCase).collect(Collectors.toUnmodifiableSet());
    }

    /** Makes the hash for unknown users once the app is ready, off the start's critical path. */
    @EventListener(ApplicationReadyEvent.class)
    void prepareDummyHash() {
        CompletableFuture.runAsync(this::dummyHash);
    }

    private String dummyHash() {
        String hash = dummyHash;
        if (hash == null) {
            synchronized (this) {
                if (dummyHash == null) {
                    dummyHash = passwords.encode(UUID.randomUUID().toString());
                }
                hash = dummyHash;
            }
        }
        return hash;
    }

    @Transactional
    public RegisteredUser register(RegisterRequest request) {
        boolean listedAdmin = adminNames.contains(request.username().toLowerCase());
        if (!settings.registrationOpen() && !listedAdmin) {
            throw ApiException.forbidden("Registration is closed");
        }
        // serialise registrations so exactly one account can be "the first"
        jdbc.queryForObject("SELECT pg_advisory_xact_lock(hashtext('users.register'))::text", String.class);
        boolean first = settings.firstUserAdmin()
                && Boolean.FALSE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM users)", Boolean.class));
        String role = listedAdmin || first ? "admin" : "user";
        return insert(request.username(), request.password(), role);
    }

    @Transactional
    public RegisteredUser createByAdmin(AuthUser admin, CreateUserRequest request) {
        String role = request.role() == null ? "user" : request.role();
        RegisteredUser created = insert(request.username(), request.password(), role);
        audit(admin, "user.create", created.userId(), Map.of("username", created.username(), "role", role));
        return created;
    }

    public LoginResponse login(LoginRequest request) {
        var rows = jdbc.queryForList("SELECT id, username, password_hash, role FROM users WHERE lower(username) = lower(?)",
                request.username());
        if (rows.isEmpty()) {
            passwords.matches(request.password(), dummyHash());
            throw ApiException.unauthorized("Invalid username or password");
        }
        var row = rows.get(0);
        if (!passwords.matches(request.password(), (String) row.get("password_hash"))) {
            throw ApiException.unauthorized("Invalid username or password");
        }
        AuthUser user = new AuthUser((UUID) row.get("id"), (String) row.get("username"), (String) row.get("role"));
        TokenService.IssuedToken issued = tokens.issue(user);
        return new LoginResponse(issued.token(), issued.expiresAt(),
                new RegisteredUser(user.id().toString(), user.username(), user.role()));
    }

    /** Revokes the bearer token of the request (the filter chain has already checked it). */
    public void logout(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw ApiException.unauthorized("Authentication required");
        }
        Jwt jwt = decoder.decode(authorization.substring("Bearer ".length()).trim());
        tokens.revoke(jwt.getId(), jwt.getExpiresAt());
    }

    private RegisteredUser insert(String username, String password, String role) {
        UUID id = UUID.randomUUID();
        try {
            jdbc.update("INSERT INTO users (id, username, password_hash, role) VALUES (?, ?, ?, ?)",
                    id, username, passwords.encode(password), role);
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("Username already taken", Map.of("username", username));
        }
        return new RegisteredUser(id.toString(), username, role);
    }

    private void audit(AuthUser actor, String action, String target, Map<String, Object> details) {
        try {
            jdbc.update("INSERT INTO audit_log (actor_id, action, target, details) VALUES (?, ?, ?, ?::jsonb)",
                    actor.id(), action, target, mapper.writeValueAsString(details));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
