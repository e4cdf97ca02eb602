package dev.devagent.security;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devagent.platform.ApiException;
import dev.devagent.security.AuthModels.RegisterRequest;
import dev.devagent.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registration modes of DESIGN §7, each on the real users table. */
@ApiTest
class RegistrationModesTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PasswordEncoder passwords;
    @Autowired
    TokenService tokens;
    @Autowired
    JwtDecoder decoder;
    @Autowired
    ObjectMapper mapper;

    private UserAccounts accounts(boolean open, List<String> admins, boolean firstUserAdmin) {
        return new UserAccounts(jdbc, passwords, tokens, decoder, mapper,
                TestProperties.with(TestProperties.security(open, admins, firstUserAdmin, List.of())));
    }

    private static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void closedRegistrationAdmitsOnlyListedAdmins() {
        String boss = name("boss");
        UserAccounts closed = accounts(false, List.of(boss), false);

        assertThatThrownBy(() -> closed.register(new RegisterRequest(name("walk-in"), "long-enough-pw")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.getMessage()).isEqualTo("Registration is closed");
                });
        assertThat(closed.register(new RegisterRequest(boss.toUpperCase(), "long-enough-pw")).role()).isEqualTo("admin");
    }

    @Test
    void openRegistrationMakesUsersAndOnlyTheFirstAccountAdmin() {
        UserAccounts open = accounts(true, List.of(), true);
        // the shared test database already has accounts, so nobody new is "first" (the zero-config test covers the first)
        assertThat(open.register(new RegisterRequest(name("regular"), "long-enough-pw")).role()).isEqualTo("user");
    }
}
