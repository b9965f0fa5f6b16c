package io.portcullis.sendfile;

/** What {@link Sendfile#send} answered. */
public enum SendOutcome {
    /** 200 with an offload header: the front server sends the bytes (and answers Range/conditionals itself). */
    OFFLOADED(200),
    /** 200 with the whole file streamed by the container (DIRECT), or its headers only for HEAD. */
    SENT(200),
    /** 206 with one range or {@code multipart/byteranges} (DIRECT). */
    PARTIAL(206),
    /** 304 Not Modified (DIRECT); never carries an offload header. */
    NOT_MODIFIED(304),
    /** 412 Precondition Failed from If-Match / If-Unmodified-Since (DIRECT). */
    PRECONDITION_FAILED(412),
    /** 416 with {@code Content-Range: bytes *}{@code /size} (DIRECT). */
    RANGE_NOT_SATISFIABLE(416),
    /** 404: the name does not resolve to a regular file inside the root (traversal, symlink escape, missing). */
    NOT_FOUND(404);

    private final int status;

    SendOutcome(int status) {
        this.status = status;
    }

    /** The HTTP status this outcome was answered with. */
    public int status() {
        return status;
    }
}
