package io.portcullis.demo;

import io.portcullis.sendfile.Backend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the demo runs; made by {@link DemoApp} from the command line, or directly by tests.
 *
 * @param bind address both connectors listen on (default {@code 127.0.0.1})
 * @param httpPort plain HTTP port, redirected to HTTPS (default 8080; 0 picks a free port)
 * @param httpsPort HTTPS port (default 8443; 0 picks a free port)
 * @param dataDir users, uploads and the TLS certificate live here
 * @param sendfileBackend who delivers downloads: the app itself or a front web server
 * @param trustedProxies CIDR blocks whose Forwarded / X-Forwarded-* headers are believed
 * @param hardening false only to measure the filters' overhead
 * @param sessionIdle a logged-in session ends after this long without a request (default 30 minutes)
 */
public record DemoConfig(String bind, int httpPort, int httpsPort, Path dataDir, Backend sendfileBackend,
        List<String> trustedProxies, boolean hardening, Duration sessionIdle) {

    public DemoConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(sendfileBackend, "sendfileBackend");
        Objects.requireNonNull(sessionIdle, "sessionIdle");
        if (sessionIdle.toSeconds() < 1 || sessionIdle.toMinutes() > MAX_SESSION_IDLE_MINUTES) {
            throw new IllegalArgumentException("--session-idle-minutes must be in [1, " + MAX_SESSION_IDLE_MINUTES + "]; got "
                    + sessionIdle.toMinutes());
        }
        trustedProxies = List.copyOf(trustedProxies);
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("--http-port must be in [0, 65535]; got " + httpPort);
        }
        if (httpsPort < 0 || httpsPort > 65535) {
            throw new IllegalArgumentException("--https-port must be in [0, 65535]; got " + httpsPort);
        }
        if (httpPort != 0 && httpPort == httpsPort) {
            throw new IllegalArgumentException("--http-port and --https-port must differ; both are " + httpPort);
        }
    }

    /** Longest idle time a session may be given, in minutes (one day). */
    public static final int MAX_SESSION_IDLE_MINUTES = 1440;
    /** Default idle time of a logged-in session. */
    public static final Duration DEFAULT_SESSION_IDLE = Duration.ofMinutes(30);

    /** The defaults of the command line, with {@code dataDir}. */
    public static DemoConfig defaults(Path dataDir) {
        return new DemoConfig("127.0.0.1", 8080, 8443, dataDir, Backend.DIRECT, List.of(), true, DEFAULT_SESSION_IDLE);
    }

    public DemoConfig withSessionIdle(Duration idle) {
        return new DemoConfig(bind, httpPort, httpsPort, dataDir, sendfileBackend, trustedProxies, hardening, idle);
    }

    public DemoConfig withPorts(int http, int https) {
        return new DemoConfig(bind, http, https, dataDir, sendfileBackend, trustedProxies, hardening, sessionIdle);
    }

    public DemoConfig withTrustedProxies(List<String> cidrs) {
        return new DemoConfig(bind, httpPort, httpsPort, dataDir, sendfileBackend, cidrs, hardening, sessionIdle);
    }

    public DemoConfig withSendfileBackend(Backend b) {
        return new DemoConfig(bind, httpPort, httpsPort, dataDir, b, trustedProxies, hardening, sessionIdle);
    }

    public DemoConfig withHardening(boolean on) {
        return new DemoConfig(bind, httpPort, httpsPort, dataDir, sendfileBackend, trustedProxies, on, sessionIdle);
    }
}
