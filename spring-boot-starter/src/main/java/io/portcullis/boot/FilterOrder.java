package io.portcullis.boot;

import org.springframework.core.Ordered;

/**
 * Where the starter puts each Portcullis filter in the servlet filter chain, relative to Spring
 * Boot's own filters and to Spring Security's {@code springSecurityFilterChain} (order
 * {@value #SPRING_SECURITY}, Boot's {@code SecurityProperties.DEFAULT_FILTER_ORDER}). Lower runs
 * first. docs/spring-boot.md explains each choice.
 */
public final class FilterOrder {

    /** Spring Security's filter chain, as Spring Boot registers it. */
    public static final int SPRING_SECURITY = -100;

    /**
     * {@code HardeningFilter}: first after Boot's character-encoding filter, so the Host check and
     * the HTTPS redirect answer before any application or security code runs, and everything
     * behind it (Spring Security included) sees the proxy-resolved scheme, host and client.
     */
    public static final int HARDENING = Ordered.HIGHEST_PRECEDENCE + 10;

    /**
     * {@code UploadGuardFilter}: before Spring Security, so a refused upload is never spooled twice
     * and both CSRF filters read a multipart form's token from the parts already checked.
     */
    public static final int UPLOAD_GUARD = SPRING_SECURITY - 10;

    /**
     * {@code CsrfFilter}: after the upload guard and just before Spring Security, so a forged
     * log-in or log-out POST is refused before Spring's authentication filters act on it.
     */
    public static final int CSRF = SPRING_SECURITY - 1;

    /**
     * {@code SignedUrlFilter}: just inside Spring Security, so a user-bound link is checked
     * against the user Spring Security authenticated ({@code getRemoteUser()}).
     */
    public static final int SIGNED_URL = SPRING_SECURITY + 1;

    private FilterOrder() {
    }
}
