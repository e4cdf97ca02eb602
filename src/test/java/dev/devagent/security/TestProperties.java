package dev.devagent.security;

import java.time.Duration;
import java.util.List;

import dev.devagent.platform.AgentProperties;
import org.springframework.util.unit.DataSize;

/** AgentProperties built in code for tests of single beans. */
final class TestProperties {

    private TestProperties() {
    }

    static AgentProperties withTrustedProxies(String... proxies) {
        return with(security(true, List.of(), false, List.of(proxies)));
    }

    static AgentProperties.Security security(boolean registrationOpen, List<String> admins, boolean firstUserAdmin,
                                             List<String> proxies) {
        return new AgentProperties.Security("", Duration.ofHours(1), registrationOpen, admins, firstUserAdmin,
                List.of(), proxies);
    }

    static AgentProperties with(AgentProperties.Security security) {
        return new AgentProperties(java.nio.file.Path.of("data"),
                new AgentProperties.Embedded(7687, "32m"), security,
                new AgentProperties.RateLimit(100, Duration.ofMinutes(15), 50, Duration.ofHours(1)),
                new AgentProperties.Limits(DataSize.ofKilobytes(256), 8000, 200),
                new AgentProperties.Queries(4, 300, Duration.ofSeconds(30), 3, 10),
                new AgentProperties.Health(0.9));
    }
}
