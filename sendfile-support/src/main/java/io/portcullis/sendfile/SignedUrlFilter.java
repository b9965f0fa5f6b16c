package io.portcullis.sendfile;

import io.portcullis.core.ConfigException;
import io.portcullis.core.Problem;
import io.portcullis.core.RequestBodies;
import io.portcullis.core.Settings;
import io.portcullis.core.StartupFailure;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Function;

/**
 * Lets a request through to the application only with a valid signed link (see {@link UrlSigner});
 * map it to the shared-link paths. Every other outcome is answered here, before any application
 * code runs, with an RFC 9457 problem and {@code Cache-Control: no-store}:
 * 403 bad, missing, unsigned-parameter or wrong-user signature; 410 expired; 404 under embargo
 * (see {@link LinkCheck}); 405 with {@code Allow: GET, HEAD} for any other method, before the link
 * is looked at (a signature covers neither the method nor a request body, so a download link must not
 * delete, and a form body must not reach the application's {@code getParameter} unsigned).
 * The signature binds the raw request URI path (with the context path)
 * and, for user-bound links, {@link HttpServletRequest#getRemoteUser()} unless another user
 * function is given. On success the verdict is in the request attribute {@value #ATTRIBUTE}.
 */
public final class SignedUrlFilter implements Filter {

    /** Request attribute holding {@link LinkCheck#VALID} after a successful check. */
    public static final String ATTRIBUTE = "io.portcullis.sendfile.LinkCheck";

    private UrlSigner signer;
    private Function<HttpServletRequest, String> user;

    /** For web.xml: keys come from {@code portcullis.signed-url.*} in {@link #init}. */
    public SignedUrlFilter() {
    }

    public SignedUrlFilter(UrlSigner signer) {
        this(signer, HttpServletRequest::getRemoteUser);
    }

    /** With a custom source of the user a bound link must match (e.g. a session attribute). */
    public SignedUrlFilter(UrlSigner signer, Function<HttpServletRequest, String> user) {
        this.signer = Objects.requireNonNull(signer, "signer");
        this.user = Objects.requireNonNull(user, "user");
    }

    /**
     * Reads the keys from init-params, the properties file and {@code -D} (unless given in code).
     * A configuration error is logged as one line ({@code Portcullis SignedUrlFilter not started:
     * …}; a key's value is never shown) and thrown.
     */
    private static final System.Logger LOG = System.getLogger(SignedUrlFilter.class.getName());

    @Override
    public void init(FilterConfig config) {
        if (signer == null) {
            try {
                signer = UrlSigner.fromSettings(Settings.from(config));
            } catch (ConfigException e) {
                throw StartupFailure.report(LOG, config.getServletContext(), "SignedUrlFilter", e);
            }
            user = HttpServletRequest::getRemoteUser;
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(resp instanceof HttpServletResponse response)) {
            chain.doFilter(req, resp);
            return;
        }
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            // a link is signed for reading: the signature covers neither the method nor a body, so another
            // method would act with a download link, and a form body would reach getParameter unsigned
            RequestBodies.discardOrClose(request, response, RequestBodies.SMALL_BODY);
            response.setHeader("Allow", "GET, HEAD");
            Problem.of(405, "METHOD_NOT_ALLOWED", "Method not allowed")
                    .detail("a signed link allows GET and HEAD only").write(response);
            return;
        }
        LinkCheck check = signer.verify(request.getRequestURI(), request.getQueryString(), user.apply(request));
        if (check == LinkCheck.VALID) {
            request.setAttribute(ATTRIBUTE, check);
            chain.doFilter(request, response);
            return;
        }
        String title = switch (check) {
            case EXPIRED -> "Link expired";
            case NOT_YET_VALID -> "Not found";
            default -> "Forbidden";
        };
        Problem.of(check.status(), check.code(), title).write(response);
    }
}
