package io.portcullis.demo;

import java.time.Duration;

/**
 * How hard the demo throttles password attempts ({@link LoginThrottle}).
 *
 * @param loginAttempts log-in attempts allowed per account name and per client address within
 *     {@code loginWindow} (default 5; a success clears the account and does not count)
 * @param loginWindow how long a count lasts from its first attempt (default 15 minutes)
 * @param signupAttempts sign-ups that hash a password, allowed per client address within
 *     {@code signupWindow} (default 50)
 * @param signupWindow default 1 hour
 * @param maxKeys keys each throttle remembers at most (default 10 000; the least recently
 *     charged is dropped beyond that)
 */
record ThrottleLimits(int loginAttempts, Duration loginWindow, int signupAttempts, Duration signupWindow, int maxKeys) {

    static ThrottleLimits defaults() {
        return new ThrottleLimits(5, Duration.ofMinutes(15), 50, Duration.ofHours(1), 10_000);
    }

    ThrottleLimits withSignupAttempts(int n) {
        return new ThrottleLimits(loginAttempts, loginWindow, n, signupWindow, maxKeys);
    }
}
