/**
 * Passwords: a checker that follows NIST SP 800-63B (length over composition, NFKC, common and
 * context words, an optional breached-password check) and a hasher that stores Argon2id or
 * PBKDF2-HMAC-SHA256 in PHC strings, upgrades old hashes at log-in and bounds how many hashes
 * run at once.
 *
 * <p>Entry points: {@link io.portcullis.passwords.PasswordChecker} with a
 * {@link io.portcullis.passwords.PasswordPolicy}, and {@link io.portcullis.passwords.PasswordHasher}
 * with a {@link io.portcullis.passwords.HashPolicy}; both read {@code portcullis.password.*} keys
 * through {@link io.portcullis.passwords.PasswordSettings}.
 */
package io.portcullis.passwords;
