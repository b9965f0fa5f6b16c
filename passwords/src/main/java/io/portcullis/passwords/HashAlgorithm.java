package io.portcullis.passwords;

import io.portcullis.core.WireToken;

/** Password hash algorithms; the token is the PHC identifier ({@code $argon2id$…}). */
public enum HashAlgorithm implements WireToken {
    /** Argon2id, RFC 9106, version 0x13 (Bouncy Castle). The default. */
    ARGON2ID("argon2id"),
    /** PBKDF2 with HMAC-SHA-256, RFC 8018 (Bouncy Castle), for FIPS-bound deployments and old hashes. */
    PBKDF2_SHA256("pbkdf2-sha256");

    private final String token;

    HashAlgorithm(String token) {
        this.token = token;
    }

    @Override
    public String token() {
        return token;
    }
}
