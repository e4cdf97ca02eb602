package dev.devagent.security;

import java.util.UUID;

/** The signed-in caller, as the token says. Routes find it in the exchange property {@code user}. */
public record AuthUser(UUID id, String username, String role) {

    public static final String REQUEST_ATTRIBUTE = "dev.devagent.user";
    public static final String EXCHANGE_PROPERTY = "user";

    public boolean isAdmin() {
        return "admin".equals(role);
    }
}
