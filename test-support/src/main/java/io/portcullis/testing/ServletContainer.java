package io.portcullis.testing;

/**
 * The embedded containers, for parameterised tests that must pass on both:
 * <pre>{@code
 * @ParameterizedTest
 * @EnumSource(ServletContainer.class)
 * void headerSet(ServletContainer container) throws Exception {
 *     try (TestServer server = container.builder().servlet("hello", new Hello(), "/hello").start()) { ... }
 * }
 * }</pre>
 */
public enum ServletContainer {
    /** Jetty 12 ee10, see {@link EmbeddedJetty}. */
    JETTY,
    /** Tomcat 10.1, see {@link EmbeddedTomcat}. */
    TOMCAT;

    /** A fresh builder for this container. */
    public ContainerBuilder builder() {
        return this == JETTY ? EmbeddedJetty.builder() : EmbeddedTomcat.builder();
    }
}
