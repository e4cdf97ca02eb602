package dev.devagent.platform;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets only known response headers out. Camel's HTTP binding copies message headers — request headers
 * included, so Authorization and Cookie would be echoed (Camel 4.17) — into the response; an allow-list
 * stops that and any other internal header for good.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class ResponseHeaderGuardFilter extends OncePerRequestFilter {

    static final Set<String> ALLOWED = Set.of(
            "content-type", "content-length", "content-encoding", "content-disposition", "content-language",
            "transfer-encoding", "cache-control", "pragma", "expires", "vary", "location", "allow", "date",
            "etag", "last-modified", "connection", "keep-alive", "retry-after", "www-authenticate",
            "x-request-id", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset",
            "access-control-allow-origin", "access-control-allow-methods", "access-control-allow-headers",
            "access-control-allow-credentials", "access-control-expose-headers", "access-control-max-age",
            "x-content-type-options", "x-frame-options", "x-xss-protection", "strict-transport-security",
            "referrer-policy", "content-security-policy", "permissions-policy");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new GuardedResponse(response));
    }

    /** Headers that carry one value: a later add (Camel's binding) replaces an earlier set (a filter). */
    static final Set<String> SINGLE = Set.of("content-type", "retry-after", "x-request-id", "ratelimit-limit",
            "ratelimit-remaining", "ratelimit-reset");

    static boolean allowed(String name) {
        return name != null && ALLOWED.contains(name.toLowerCase(Locale.ROOT));
    }

    private static final class GuardedResponse extends HttpServletResponseWrapper {

        GuardedResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setHeader(String name, String value) {
            if (allowed(name)) {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (allowed(name) && SINGLE.contains(name.toLowerCase(Locale.ROOT))) {
                super.setHeader(name, value);
            } else if (allowed(name)) {
                super.addHeader(name, value);
            }
        }

        @Override
        public void setIntHeader(String name, int value) {
            if (allowed(name)) {
                super.setIntHeader(name, value);
            }
        }

        @Override
        public void addIntHeader(String name, int value) {
            if (allowed(name)) {
                super.addIntHeader(name, value);
            }
        }

        @Override
        public void setDateHeader(String name, long date) {
            if (allowed(name)) {
                super.setDateHeader(name, date);
            }
        }

        @Override
        public void addDateHeader(String name, long date) {
            if (allowed(name)) {
                super.addDateHeader(name, date);
            }
        }
    }
}
