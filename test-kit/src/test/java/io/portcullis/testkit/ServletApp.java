package io.portcullis.testkit;

import io.portcullis.csrf.CsrfFilter;
import io.portcullis.csrf.CsrfToken;
import io.portcullis.testing.ServletContainer;
import io.portcullis.testing.TestServer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A plain servlet application: public home and log-in, an admin area behind a log-in filter, a *.do action. */
final class ServletApp {

    private ServletApp() {
    }

    static final class Page extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/html");
            // an application without the CSRF filter renders its form without a token
            String field = req.getAttribute(CsrfFilter.ATTRIBUTE) == null ? "" : CsrfToken.of(req).hiddenField();
            resp.getWriter().print("<form method=post>" + field + "</form>");
        }
    }

    /**
     * Anonymous requests under /admin and to *.do are sent to /login; "Authorization: alice" is logged in.
     * It matches the path the container routes by; {@code rawUri} is the common slip of matching
     * {@code getRequestURI()}, which {@code /%61dmin/x} and {@code /admin;p/x} pass while the container
     * still routes them to the admin servlet.
     */
    static final class LoginRequired implements Filter {
        private final boolean rawUri;

        LoginRequired(boolean rawUri) {
            this.rawUri = rawUri;
        }

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
            HttpServletRequest r = (HttpServletRequest) req;
            String path = rawUri ? r.getRequestURI()
                    : r.getServletPath() + (r.getPathInfo() == null ? "" : r.getPathInfo());
            boolean guarded = path.startsWith("/admin") || path.endsWith(".do");
            if (guarded && !"alice".equals(r.getHeader("Authorization"))) {
                ((HttpServletResponse) res).sendRedirect("/login?next=" + path);
                return;
            }
            chain.doFilter(req, res);
        }
    }

    static TestServer start(ServletContainer c, boolean csrf) {
        return start(c, csrf, false);
    }

    static TestServer start(ServletContainer c, boolean csrf, boolean rawUriLoginRule) {
        var b = c.builder().filter("login", new LoginRequired(rawUriLoginRule), "/*");
        if (csrf) {
            b.filter("csrf", new CsrfFilter(), "/*");
        }
        return b.servlet("home", new Page(), "").servlet("login", new Page(), "/login").servlet("admin", new Page(), "/admin/*")
                .servlet("actions", new Page(), "*.do").start();
    }
}
