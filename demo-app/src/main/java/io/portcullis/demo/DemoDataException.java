package io.portcullis.demo;

import java.io.IOException;

/**
 * The data directory holds something the demo will not use as it is (a damaged database or key
 * store, an unreadable 0.1.0 file): the start stops with this one-line message, exit 1, and the
 * file is left untouched.
 */
final class DemoDataException extends IOException {

    private static final long serialVersionUID = 1L;

    DemoDataException(String message) {
        super(message);
    }
}
