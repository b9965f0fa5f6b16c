package io.portcullis.checkup.site;

import io.portcullis.core.WireToken;

/** Outcome of one check. Only {@link #FAIL} makes the command exit non-zero by itself. */
public enum Status implements WireToken {
    /** The site does the right thing (or the check does not apply, said in the message). */
    PASS("pass"),
    /** Worth fixing, but not a failure: CI stays green. */
    WARN("warn"),
    /** A real weakness: the command exits non-zero. */
    FAIL("fail");

    private final String token;

    Status(String token) {
        this.token = token;
    }

    @Override
    public String token() {
        return token;
    }
}
