package dev.devagent.platform;

import java.util.Map;

/** A failure with a meaning for the client: rendered as {@code {error, details}} with its status. */
public class ApiException extends RuntimeException {

    private final int status;
    private final transient Object details;
    private final Map<String, String> headers;

    public ApiException(int status, String error, Object details, Map<String, String> headers) {
        super(error);
        this.status = status;
        this.details = details;
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public ApiException(int status, String error, Object details) {
        this(status, error, details, Map.of());
    }

    public static ApiException badRequest(String error, Object details) {
        return new ApiException(400, error, details);
    }

    public static ApiException unauthorized(String error) {
        return new ApiException(401, error, null);
    }

    public static ApiException forbidden(String error) {
        return new ApiException(403, error, null);
    }

    public static ApiException notFound(String error, Object details) {
        return new ApiException(404, error, details);
    }

    public static ApiException conflict(String error, Object details) {
        return new ApiException(409, error, details);
    }

    public int status() {
        return status;
    }

    public Object details() {
        return details;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
