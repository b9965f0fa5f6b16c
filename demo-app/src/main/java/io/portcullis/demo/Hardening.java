package io.portcullis.demo;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

/** Puts the hardening-filters module in front of the demo. */
final class Hardening {

    private Hardening() {
    }

    static void install(ServletContextHandler context, DemoConfig config, int httpPort, int httpsPort,
            DemoApplication app) {
        if (!config.hardening()) {
            return;
        }
    }

    /** The deploy self-check as HTML for the security report. */
    static String deployCheckHtml(Exchange x, DemoConfig config) {
        if (!config.hardening()) {
            return "<p class=\"bad\">Hardening is off: no checks ran.</p>";
        }
        return "<p>Not available.</p>";
    }
}
