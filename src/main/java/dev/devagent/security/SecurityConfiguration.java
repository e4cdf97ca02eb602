package dev.devagent.security;

import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import dev.devagent.platform.AgentProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.PathPatternRequestMatcherBuilderFactoryBean;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/** Bearer-token (HS256 JWT) security for /api/**; health, metrics and the OpenAPI document stay open. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /**
     * URL patterns in the rules below are matched as path patterns on the request path. Without this bean
     * Spring Security builds MVC matchers, which ask Spring MVC's handler mappings (the REST routes among
     * them) about every request.
     */
    @Bean
    static PathPatternRequestMatcherBuilderFactoryBean requestMatcherBuilder() {
        return new PathPatternRequestMatcherBuilderFactoryBean();
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, JsonSecurityErrors errors, JwtDecoder decoder) throws Exception {
        http
                .csrf(AbstractHttpConfigurer::disable)
                // stateless bearer-token API: no saved requests to replay, no form logout (logout is a route)
                .requestCache(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .cors(cors -> { })
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/health", "/livez", "/readyz", "/metrics", "/error").permitAll()
                        .requestMatchers("/api/openapi.json", "/api/client-config").permitAll()
                        .requestMatchers("/actuator/health/**", "/actuator/prometheus").permitAll()
                        .requestMatchers("/actuator/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/auth/register", "/api/auth/login").permitAll()
                        .requestMatchers("/api/admin/**", "/api/ops/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/repositories", "/api/repositories/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.DELETE, "/api/repositories/**").hasRole("ADMIN")
                        .requestMatchers("/api/**").authenticated()
                        .anyRequest().permitAll())
                .oauth2ResourceServer(oauth -> oauth
                        .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(SecurityConfiguration::toAuthentication))
                        .authenticationEntryPoint(errors)
                        .accessDeniedHandler(errors))
                .exceptionHandling(e -> e.authenticationEntryPoint(errors).accessDeniedHandler(errors))
                .addFilterAfter(new AuthenticatedUserFilter(), BearerTokenAuthenticationFilter.class);
        return http.build();
    }

    /**
     * No observation around each of the security filters: HttpMetricsFilter and the Camel route metrics
     * already time every request, and the per-filter spans cost more than the filters themselves.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    private static AbstractAuthenticationToken toAuthentication(Jwt jwt) {
        String role = jwt.getClaimAsString("role");
        var authorities = List.of(new SimpleGrantedAuthority("ROLE_" + ("admin".equals(role) ? "ADMIN" : "USER")));
        return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
    }

    static AuthUser toUser(Jwt jwt) {
        return new AuthUser(UUID.fromString(jwt.getSubject()), jwt.getClaimAsString("username"),
                jwt.getClaimAsString("role"));
    }

    @Bean
    JwtEncoder jwtEncoder(JwtKeys keys) {
        return new NimbusJwtEncoder(new ImmutableSecret<>(keys.key()));
    }

    @Bean
    JwtDecoder jwtDecoder(JwtKeys keys, TokenRevocations revocations) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(keys.key()).macAlgorithm(MacAlgorithm.HS256).build();
        OAuth2TokenValidator<Jwt> notRevoked = jwt -> jwt.getId() != null && !revocations.isRevoked(jwt.getId())
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "token was revoked", null));
        // the decoder checks the signature only; the claims are validated on every use of a remembered token
        decoder.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success());
        return new VerifiedTokenCache(decoder, new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(TokenService.ISSUER), notRevoked));
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder(10);
    }

    @Bean
    CorsConfigurationSource corsConfigurationSource(AgentProperties properties) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(properties.security().corsOrigin().stream().filter(o -> !o.isBlank()).toList());
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "X-Request-Id"));
        cors.setExposedHeaders(List.of("X-Request-Id", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining",
                "RateLimit-Reset"));
        cors.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        return source;
    }
}
