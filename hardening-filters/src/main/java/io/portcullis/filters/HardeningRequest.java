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

/**
 * Keeps an asynchronous response going through {@link HardeningResponse}. A servlet's
 * {@code startAsync()} (no arguments) makes the container hand the async thread its own,
 * unwrapped response (Servlet 6.0 §2.3.3.3 on both Jetty and Tomcat), so cookies added there
 * would escape the rewriting; this wrapper turns it into {@code startAsync(this, response)}.
 * When the async response still reaches the wrapper, the header write is left to its first
 * commit: a write that fills the buffer, a flush, {@link AsyncContext#complete()} or
 * {@link AsyncContext#dispatch()} through the context returned here, or a timeout or error.
 */
final class HardeningRequest extends HttpServletRequestWrapper {

    private final HardeningResponse response;
    private volatile Async async;

    HardeningRequest(HttpServletRequest request, HardeningResponse response) {
        super(request);
        this.response = response;
    }

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
