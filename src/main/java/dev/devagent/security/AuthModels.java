package dev.devagent.security;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** Request and response bodies of the auth and admin-user endpoints. */
public final class AuthModels {

    private AuthModels() {
    }

    public record RegisterRequest(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{3,64}",
                    message = "must be 3-64 letters, digits, dots, underscores or hyphens") String username,
            @NotBlank @Size(min = 8, max = 128) String password) {

        @Override
        public String toString() {
            return "RegisterRequest[username=" + username + "]";
        }
    }

    public record CreateUserRequest(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{3,64}",
                    message = "must be 3-64 letters, digits, dots, underscores or hyphens") String username,
            @NotBlank @Size(min = 8, max = 128) String password,
            @Pattern(regexp = "user|admin", message = "must be user or admin") String role) {

        @Override
        public String toString() {
            return "CreateUserRequest[username=" + username + ", role=" + role + "]";
        }
    }

    public record LoginRequest(
            @NotBlank @Size(max = 64) String username,
            @NotBlank @Size(max = 128) String password) {

        @Override
        public String toString() {
            return "LoginRequest[username=" + username + "]";
        }
    }

    public record RegisteredUser(@Schema(requiredMode = REQUIRED) String userId, @Schema(requiredMode = REQUIRED) String username, @Schema(requiredMode = REQUIRED) String role) {
    }

    public record LoginResponse(@Schema(requiredMode = REQUIRED) String token, @Schema(requiredMode = REQUIRED) Instant expiresAt, RegisteredUser user) {
    }
}
