package io.portcullis.demo;

import java.time.Duration;

/**
 * How hard the demo throttles password attempts ({@link LoginThrottle}) and hashing.
 *
 * @param accountFailures failed log-ins allowed per account name within {@code loginWindow}
 *     (default 5)
 * @param addressFailures failed log-ins allowed per client address within {@code loginWindow}
 *     (default 50: larger than the account budget, so users sharing a NAT address are not
 *     locked out by each other's typos; successes never count)
 * @param loginWindow how long a count lasts from its first failure (default 15 minutes)
 * @param signupAttempts sign-ups that hash a password, allowed per client address within
 *     {@code signupWindow} (default 50)
 * @param signupWindow default 1 hour
 * @param maxKeys keys each throttle remembers at most (default 10 000; the oldest windows are
 *     dropped beyond that)
 * @param maxConcurrentHashes password hashes running at once, sign-ups and log-ins together
 *     (default: the number of processors, at least 2)
 */
record ThrottleLimits(int accountFailures, int addressFailures, Duration loginWindow, int signupAttempts,
        Duration signupWindow, int maxKeys, int maxConcurrentHashes) {

    static ThrottleLimits defaults() {
        return new ThrottleLimits(5, 50, Duration.ofMinutes(15), 50, Duration.ofHours(1), 10_000,
                Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    ThrottleLimits withSignupAttempts(int n) {
        return new ThrottleLimits(accountFailures, addressFailures, loginWindow, n, signupWindow, maxKeys,
                maxConcurrentHashes);
    }

    ThrottleLimits withAddressFailures(int n) {
        return new ThrottleLimits(accountFailures, n, loginWindow, signupAttempts, signupWindow, maxKeys,
                maxConcurrentHashes);
    }

    ThrottleLimits withMaxConcurrentHashes(int n) {
        return new ThrottleLimits(accountFailures, addressFailures, loginWindow, signupAttempts, signupWindow, maxKeys, n);
    }
}
