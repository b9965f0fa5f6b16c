package io.portcullis.demo;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The demo's logging: one place, {@code java.util.logging}. Portcullis logs through
 * {@code System.Logger}, whose default backend is java.util.logging; Jetty and tika-core use the
 * SLF4J API, and {@code slf4j-jdk14} on the class path (see the pom) is the SLF4J provider that
 * sends their lines there too, so SLF4J never prints "No SLF4J providers were found". The README's
 * "Logging" section gives the provider to add per container.
 */
final class Logging {

    /** Held so the level set here is not lost when the logger would be garbage-collected. */
    private static final Logger JETTY = Logger.getLogger("org.eclipse.jetty");

    private Logging() {
    }

    /** Jetty's start-up INFO lines are noise in a demo: WARNING and above, unless configured otherwise. */
    static void configure() {
        if (JETTY.getLevel() == null) {
            JETTY.setLevel(Level.WARNING);
        }
    }
}
