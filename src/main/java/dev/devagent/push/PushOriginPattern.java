package dev.devagent.push;

import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Derives the WebSocket Origin allow-list (a regex, as camel-vertx-websocket takes it) from CORS_ORIGIN,
 * so browsers are admitted to /ws exactly where they are admitted to /api. Unset origins admit no browser.
 */
class PushOriginPattern implements EnvironmentPostProcessor {

    static final String PROPERTY = "agent.push.allowed-origin-pattern";
    static final String MATCH_NOTHING = "(?!)";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty(PROPERTY)) {
            return;
        }
        String origins = environment.getProperty("agent.security.cors-origin", "");
        environment.getPropertySources().addLast(new MapPropertySource("push-origins",
                Map.of(PROPERTY, pattern(origins))));
    }

    static String pattern(String origins) {
        String pattern = Arrays.stream(origins.split(","))
                .map(String::trim)
                .filter(o -> !o.isEmpty())
                .map(Pattern::quote)
                .collect(Collectors.joining("|"));
        return pattern.isEmpty() ? MATCH_NOTHING : pattern;
    }
}
