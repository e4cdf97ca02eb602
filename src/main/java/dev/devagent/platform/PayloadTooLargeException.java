package dev.devagent.platform;

import java.io.IOException;

/** Thrown while reading a request body that passes MAX_BODY_BYTES; rendered as 413. */
public class PayloadTooLargeException extends IOException {

    public PayloadTooLargeException(long maxBytes) {
        super("request body exceeds " + maxBytes + " bytes");
    }
}
