package dev.devagent.platform;

import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import org.springframework.stereotype.Component;

/** Bean Validation for request bodies, called by routes right after JSON binding. */
@Component("requestValidator")
public class RequestValidator {

    private final Validator validator;

    RequestValidator(Validator validator) {
        this.validator = validator;
    }

    public void validate(Object body) {
        if (body == null) {
            throw ApiException.badRequest("Request body is required", "send a JSON object");
        }
        var violations = validator.validate(body);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
    }
}
