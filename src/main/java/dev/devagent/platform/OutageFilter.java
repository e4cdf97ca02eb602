package dev.devagent.platform;

import java.io.IOException;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The filters in front of the routes (rate limit, token revocation) need the database too: when it is
 * unreachable they fail before any route's error handling, so the 503 is rendered here.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 4)
class OutageFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(OutageFilter.class);

    private final ObjectMapper mapper;

    OutageFilter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | RuntimeException e) {
            Optional<ApiException> outage = DependencyOutage.of(e);
            if (outage.isEmpty() || response.isCommitted()) {
                throw e;
            }
            log.warn("{} {} refused: {}", request.getMethod(), request.getRequestURI(), outage.get().getMessage());
            String requestId = response.getHeader(RequestIdFilter.HEADER);
            response.reset();
            if (requestId != null) {
                response.setHeader(RequestIdFilter.HEADER, requestId);
            }
            response.setStatus(outage.get().status());
            outage.get().headers().forEach(response::setHeader);
            response.setContentType("application/json");
            mapper.writeValue(response.getOutputStream(), new ApiError(outage.get().getMessage(), outage.get().details()));
        }
    }
}
