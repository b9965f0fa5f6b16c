package io.portcullis.filters;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The request the application receives from a Portcullis filter. Two jobs:
 *
 * <p><b>The client's view behind a trusted proxy.</b> When, and only when, the socket peer is a
 * trusted proxy ({@link EffectiveRequest#viaTrustedProxy()}), {@code getScheme()},
 * {@code isSecure()}, {@code getServerName()}, {@code getServerPort()}, {@code getRemoteAddr()},
 * {@code getRemoteHost()} (the address, no DNS) and {@code getRequestURL()} give the
 * {@link EffectiveRequest}, so code behind the filter (CSRF Origin checks, Spring Security's
 * HSTS and channel security, absolute URLs) agrees with Portcullis. Otherwise every value is the
 * container's. The forwarding headers Portcullis reads ({@code Forwarded},
 * {@code X-Forwarded-For/Proto/Host/Port}) are hidden from downstream whenever the request
 * carries them: from a trusted proxy they are already applied (re-applying them, e.g. taking the
 * left-most {@code X-Forwarded-For} as Spring's {@code ForwardedHeaderFilter} does, would believe
 * what the client prepended), from any other peer they are the client's own. A request without
 * them (the common case) gets the plain wrapper: no extra field, nothing overridden.
 *
 * <p><b>Async.</b> Keeps an asynchronous response going through {@link HardeningResponse}. A servlet's
 * {@code startAsync()} (no arguments) makes the container hand the async thread its own,
 * unwrapped response (Servlet 6.0 §2.3.3.3 on both Jetty and Tomcat), so cookies added there
 * would escape the rewriting; this wrapper turns it into {@code startAsync(this, response)}.
 * When the async response still reaches the wrapper, the header write is left to its first
 * commit: a write that fills the buffer, a flush, {@link AsyncContext#complete()} or
 * {@link AsyncContext#dispatch()} through the context returned here, or a timeout or error.
 */
class HardeningRequest extends HttpServletRequestWrapper {

    private final HardeningResponse response;
    private volatile Async async;

    private HardeningRequest(HttpServletRequest request, HardeningResponse response) {
        super(request);
        this.response = response;
    }

    /**
     * The wrapper for this request: the plain one (async only, nothing else overridden, not a byte
     * more) unless the request carries forwarding headers.
     */
    static HardeningRequest of(HttpServletRequest request, HardeningResponse response, EffectiveRequest eff) {
        return eff.carriesForwardingHeaders() ? new Forwarded(request, response, eff)
                : new HardeningRequest(request, response);
    }

    /** Whether {@code name} is a forwarding header Portcullis reads (RFC 9110 §5.1: names ignore case). */
    static boolean isForwardingHeader(String name) {
        if (name == null) {
            return false;
        }
        int n = name.length();
        if (n == 9) {
            return name.equalsIgnoreCase("forwarded");
        }
        if (n < 15 || n > 17 || !name.regionMatches(true, 0, "x-forwarded-", 0, 12)) {
            return false;
        }
        return name.regionMatches(true, 12, "for", 0, 3) && n == 15
                || name.regionMatches(true, 12, "host", 0, 4) && n == 16
                || name.regionMatches(true, 12, "port", 0, 4) && n == 16
                || name.regionMatches(true, 12, "proto", 0, 5) && n == 17;
    }

    /**
     * A request that carried forwarding headers: behind a trusted proxy the client's view, from any
     * peer the headers hidden.
     */
    private static final class Forwarded extends HardeningRequest {

        /** The effective request when a trusted proxy supplied it, else null (the container's view stands). */
        private final EffectiveRequest proxied;

        Forwarded(HttpServletRequest request, HardeningResponse response, EffectiveRequest eff) {
            super(request, response);
            this.proxied = eff.viaTrustedProxy() ? eff : null;
        }

        // ---- the client's view behind a trusted proxy ----

        @Override
        public String getScheme() {
            return proxied == null ? super.getScheme() : proxied.scheme();
        }

        @Override
        public boolean isSecure() {
            return proxied == null ? super.isSecure() : proxied.isSecure();
        }

        @Override
        public String getServerName() {
            String host = proxied == null ? null : proxied.hostOrNull();
            return host == null ? super.getServerName() : host;
        }

        @Override
        public int getServerPort() {
            return proxied == null || proxied.hostOrNull() == null ? super.getServerPort() : proxied.port();
        }

        @Override
        public String getRemoteAddr() {
            return proxied == null ? super.getRemoteAddr() : proxied.clientAddress();
        }

        @Override
        public String getRemoteHost() {
            return proxied == null ? super.getRemoteHost() : proxied.clientAddress();
        }

        @Override
        public StringBuffer getRequestURL() {
            if (proxied == null || proxied.hostOrNull() == null) {
                return super.getRequestURL();
            }
            StringBuffer url = new StringBuffer(64).append(proxied.scheme()).append("://").append(proxied.hostOrNull());
            if (proxied.port() != ProxyResolver.defaultPort(proxied.scheme())) {
                url.append(':').append(proxied.port());
            }
            return url.append(getRequestURI());
        }

        // ---- forwarding headers hidden from downstream ----

        @Override
        public String getHeader(String name) {
            return isForwardingHeader(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return isForwardingHeader(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            Enumeration<String> names = super.getHeaderNames();
            if (names == null) {
                return names;
            }
            List<String> kept = new ArrayList<>();
            while (names.hasMoreElements()) {
                String n = names.nextElement();
                if (!isForwardingHeader(n)) {
                    kept.add(n);
                }
            }
            return Collections.enumeration(kept);
        }

        @Override
        public int getIntHeader(String name) {
            return isForwardingHeader(name) ? -1 : super.getIntHeader(name);
        }

        @Override
        public long getDateHeader(String name) {
            return isForwardingHeader(name) ? -1L : super.getDateHeader(name);
        }
    }

    // ---- async ----

    /** True when the response is being produced asynchronously through {@link HardeningResponse}. */
    boolean defersHeaders() {
        return async != null && getRequest().isAsyncStarted();
    }

    @Override
    public AsyncContext startAsync() {
        return startAsync(this, response);
    }

    @Override
    public AsyncContext startAsync(ServletRequest req, ServletResponse res) {
        AsyncContext started = super.startAsync(req, res);
        if (res != response && !(res instanceof ServletResponseWrapper w && w.isWrapperFor(response))) {
            // the application bypassed the wrapper: the headers are written when the chain returns
            async = null;
            return started;
        }
        Async a = new Async(started);
        started.addListener(a);
        async = a;
        return a;
    }

    @Override
    public AsyncContext getAsyncContext() {
        Async a = async;
        AsyncContext current = super.getAsyncContext();
        return a != null && a.context == current ? a : current;
    }

    /** The container's context, writing the headers before anything that can commit the response. */
    private final class Async implements AsyncContext, AsyncListener {

        final AsyncContext context;

        Async(AsyncContext context) {
            this.context = context;
        }

        @Override
        public ServletRequest getRequest() {
            return context.getRequest();
        }

        @Override
        public ServletResponse getResponse() {
            return context.getResponse();
        }

        @Override
        public boolean hasOriginalRequestAndResponse() {
            return context.hasOriginalRequestAndResponse();
        }

        @Override
        public void dispatch() {
            response.beforeCommit();
            context.dispatch();
        }

        @Override
        public void dispatch(String path) {
            response.beforeCommit();
            context.dispatch(path);
        }

        @Override
        public void dispatch(ServletContext servletContext, String path) {
            response.beforeCommit();
            context.dispatch(servletContext, path);
        }

        @Override
        public void complete() {
            response.beforeCommit();
            context.complete();
        }

        @Override
        public void start(Runnable run) {
            context.start(run);
        }

        @Override
        public void addListener(AsyncListener listener) {
            context.addListener(listener);
        }

        @Override
        public void addListener(AsyncListener listener, ServletRequest servletRequest,
                ServletResponse servletResponse) {
            context.addListener(listener, servletRequest, servletResponse);
        }

        @Override
        public <T extends AsyncListener> T createListener(Class<T> clazz) throws ServletException {
            return context.createListener(clazz);
        }

        @Override
        public void setTimeout(long timeout) {
            context.setTimeout(timeout);
        }

        @Override
        public long getTimeout() {
            return context.getTimeout();
        }

        // registered first, so it runs before the application's listeners and the container's error handling

        @Override
        public void onTimeout(AsyncEvent event) {
            response.beforeCommit();
        }

        @Override
        public void onError(AsyncEvent event) {
            response.beforeCommit();
        }

        @Override
        public void onComplete(AsyncEvent event) {
            // nothing: the response is complete
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // nothing: a new startAsync through this wrapper registers a new listener
        }
    }
}
