package io.portcullis.passwords;

import java.io.IOException;

/** Something that knows whether a SHA-1 (40 upper-case hex digits) belongs to a breached password. */
interface BreachSource {

    /**
     * @param sha1Hex upper-case hex SHA-1 of the UTF-8 NFKC password
     * @return whether it is listed
     * @throws IOException when the source cannot answer (time-out, HTTP error, malformed answer)
     */
    boolean listed(String sha1Hex) throws IOException;

    /** A source for {@code policy}, or null when the check is off. */
    static BreachSource of(BreachPolicy policy) {
        return switch (policy.mode()) {
            case OFF -> null;
            case RANGE_API -> new RangeApiClient(policy.url(), policy.timeout());
            case FILE -> new PrefixFile(policy.file());
        };
    }
}
