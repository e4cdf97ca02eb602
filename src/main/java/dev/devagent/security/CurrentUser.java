package dev.devagent.security;

import dev.devagent.platform.ApiException;
import dev.devagent.platform.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Moves the caller that Spring Security authenticated into the exchange property {@code user}, where
 * every route step can see it whichever thread runs it, and the request id into the logging context.
 */
@Component("currentUser")
public class CurrentUser {

    public void capture(Exchange exchange) {
        if (exchange.getIn() instanceof PlatformHttpMessage http) {
            HttpServletRequest request = http.getRequest();
            // the servlet thread's MDC does not follow the exchange onto Camel's thread: carry requestId over
            if (request.getAttribute(RequestIdFilter.ATTRIBUTE) instanceof String requestId) {
                MDC.put(RequestIdFilter.MDC_KEY, requestId);
            }
            Object user = request.getAttribute(AuthUser.REQUEST_ATTRIBUTE);
            if (user instanceof AuthUser authUser) {
                exchange.setProperty(AuthUser.EXCHANGE_PROPERTY, authUser);
            }
        }
    }

    /** For admin operations: 403 for a signed-in non-admin. */
    public AuthUser requireAdmin(Exchange exchange) {
        AuthUser user = require(exchange);
        if (!user.isAdmin()) {
            throw ApiException.forbidden("Forbidden");
        }
        return user;
    }

    /** For routes that need a caller: 401 when there is none. */
    public AuthUser require(Exchange exchange) {
        AuthUser user = exchange.getProperty(AuthUser.EXCHANGE_PROPERTY, AuthUser.class);
        if (user == null) {
            throw ApiException.unauthorized("Authentication required");
        }
        return user;
    }
}
