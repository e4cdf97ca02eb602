package dev.devagent.security;

import java.util.List;

import dev.devagent.platform.AgentProperties;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * The client address used for rate limits. {@code X-Forwarded-For} is believed only when the peer is
 * a trusted proxy (TRUSTED_PROXIES: addresses or CIDR ranges); then the right-most address that is not
 * itself a trusted proxy is the client.
 */
@Component
public class ClientIpResolver {

    private final List<IpAddressMatcher> trusted;

    ClientIpResolver(AgentProperties properties) {
        this.trusted = properties.security().trustedProxies().stream()
                .map(String::trim).filter(s -> !s.isEmpty()).map(IpAddressMatcher::new).toList();
    }

    public String clientIp(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || !isTrusted(peer)) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !isTrusted(hop)) {
                return hop;
            }
        }
        return peer;
    }

    boolean isTrusted(String address) {
        try {
            return trusted.stream().anyMatch(m -> m.matches(address));
        } catch (IllegalArgumentException notAnAddress) {
            return false;
        }
    }
}
