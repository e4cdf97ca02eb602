package dev.devagent.platform;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of every 4xx/5xx response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, Object details) {
}
