package io.portcullis.sendfile;

import io.portcullis.core.WireToken;

/** RFC 6266 disposition type of a download. */
public enum Disposition implements WireToken {
    /** The browser saves the file (the default: nothing a user uploaded renders in our origin). */
    ATTACHMENT("attachment"),
    /** The browser may display the file. */
    INLINE("inline");

    private final String token;

    Disposition(String token) {
        this.token = token;
    }

    @Override
    public String token() {
        return token;
    }
}
