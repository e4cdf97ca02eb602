package dev.devagent.platform;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of every 4xx/5xx response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String error, Object details) {
}
