package io.portcullis.demo;

/** The request methods routes may declare. HEAD is answered by every GET route. */
public enum HttpMethod {
    GET(true),
    POST(false);

    private final boolean safe;

    HttpMethod(boolean safe) {
        this.safe = safe;
    }

    /** Safe methods (RFC 9110 §9.2.1) never need a CSRF token; unsafe ones always do. */
    public boolean safe() {
        return safe;
    }
}
