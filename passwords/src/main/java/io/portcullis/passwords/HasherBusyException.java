package io.portcullis.passwords;

/**
 * Every hashing slot stayed taken for the policy's queue time-out: the server is being flooded
 * with log-ins. Answer 503 with {@code Retry-After} rather than queue more work.
 */
public final class HasherBusyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    HasherBusyException(String message) {
        super(message);
    }
}
