package dev.devagent.platform;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.ConstraintViolationException;
import org.apache.camel.Exchange;
import org.apache.camel.NoTypeConversionAvailableException;
import org.apache.camel.StreamCache;
import org.apache.camel.component.bean.MethodNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns whatever a route threw into the API's error shape. Called from the shared route
 * configuration, so every route maps errors the same way and never leaks a stack trace.
 */
@Component("apiErrors")
public class ApiErrorRenderer {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorRenderer.class);

    private final ObjectMapper mapper;

    ApiErrorRenderer(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public void render(Exchange exchange) throws JsonProcessingException {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ApiException error = toApiException(failure);
        if (error.status() == 503) {
            log.warn("Request refused in route {}: {}", exchange.getFromRouteId(), error.getMessage());
        } else if (error.status() >= 500) {
            log.error("Request failed in route {}", exchange.getFromRouteId(), failure);
        }
        var message = exchange.getMessage();
        message.removeHeaders("*");
        error.headers().forEach(message::setHeader);
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, error.status());
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(mapper.writeValueAsString(new ApiError(error.getMessage(), error.details())));
    }

    static ApiException toApiException(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ApiException api) {
            return api;
        }
        if (cause instanceof ConstraintViolationException violations) {
            List<Map<String, String>> fields = violations.getConstraintViolations().stream()
                    .map(v -> Map.of("field", v.getPropertyPath().toString(), "message", v.getMessage()))
                    .sorted((a, b) -> a.get("field").compareTo(b.get("field")))
                    .toList();
            return ApiException.badRequest("Validation failed", fields);
        }
        if (cause instanceof InvalidFormatException | cause instanceof MismatchedInputException) {
            return ApiException.badRequest("Invalid request body", fieldPath((JsonMappingException) cause)
                    + " has the wrong type");
        }
        if (cause instanceof JsonProcessingException) {
            return ApiException.badRequest("Malformed JSON", "the request body is not valid JSON");
        }
        var outage = DependencyOutage.of(failure);
        if (outage.isPresent()) {
            return outage.get();
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // a body that is not JSON at all (e.g. only whitespace) is left unbound by the REST binding
            if (t instanceof NoTypeConversionAvailableException conversion && conversion.getValue() instanceof StreamCache
                    || t instanceof MethodNotFoundException missing && missing.getBean() instanceof StreamCache) {
                return ApiException.badRequest("Invalid request body", "send a JSON object");
            }
            // PostgreSQL text cannot hold NUL characters: 22021 character_not_in_repertoire, 22P05 untranslatable
            if (t instanceof SQLException sql && ("22021".equals(sql.getSQLState()) || "22P05".equals(sql.getSQLState()))) {
                return ApiException.badRequest("Invalid text", "text must not contain NUL (\\u0000) characters");
            }
        }
        return new ApiException(500, "Internal error", "the request could not be completed; see the server log");
    }

    private static String fieldPath(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                .orElse("");
        return path.isEmpty() ? "the body" : "field '" + path + "'";
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while (current != null && !(current instanceof ApiException)
                && !(current instanceof ConstraintViolationException)
                && !(current instanceof JsonProcessingException)
                && current.getCause() != null && current.getCause() != current) {
            current = current.getCause();
        }
        return current;
    }
}
