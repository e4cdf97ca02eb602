package dev.devagent.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Copies the authenticated caller into a request attribute: Camel's platform-http processes the
 * exchange on another thread, where Spring Security's thread-local context is not visible.
 */
class AuthenticatedUserFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token) {
            request.setAttribute(AuthUser.REQUEST_ATTRIBUTE, SecurityConfiguration.toUser(token.getToken()));
        }
        chain.doFilter(request, response);
    }
}
