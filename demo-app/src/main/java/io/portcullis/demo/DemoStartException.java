package io.portcullis.demo;

/** A configuration value the library modules refused at start (e.g. a malformed CIDR block). */
final class DemoStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    DemoStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
