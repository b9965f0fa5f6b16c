package io.portcullis.testing;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Servlets, filters and initializers used by the harness tests (public: web.xml names them). */
public final class Fixtures {

    private Fixtures() {
    }

    /** Answers "hello" plus request facts as text. */
    public static final class HelloServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain;charset=UTF-8");
            resp.getWriter().print("hello secure=" + req.isSecure() + " ctx=" + req.getContextPath()
                    + " param=" + getServletContext().getInitParameter("greeting"));
        }
    }

    /** Answers with the content of portcullis.properties as the webapp's class loader sees it. */
    public static final class PropertiesServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain;charset=UTF-8");
            try (InputStream in = getServletContext().getClassLoader().getResourceAsStream("portcullis.properties")) {
                resp.getWriter().print(in == null ? "none" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    /** Always answers 404 (to exercise error pages). */
    public static final class MissingServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.sendError(404);
        }
    }

    /** Error page body. */
    public static final class ErrorServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain;charset=UTF-8");
            resp.getWriter().print("custom error " + req.getAttribute("jakarta.servlet.error.status_code"));
        }
    }

    /** Adds header X-Marker with its init param "marker" (all dispatches). */
    public static final class MarkerFilter implements Filter {
        private String marker;

        @Override
        public void init(FilterConfig config) {
            marker = config.getInitParameter("marker");
        }

        @Override
        public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain)
                throws IOException, ServletException {
            ((HttpServletResponse) resp).addHeader("X-Marker", String.valueOf(marker));
            chain.doFilter(req, resp);
        }
    }

    /** Fails in init, like a filter meeting a misspelt config key. */
    public static final class FailingFilter implements Filter {
        static final String MESSAGE = "unknown key portcullis.hsts.max-aeg; did you mean portcullis.hsts.max-age?";

        @Override
        public void init(FilterConfig config) throws ServletException {
            throw new ServletException(MESSAGE);
        }

        @Override
        public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain)
                throws IOException, ServletException {
            chain.doFilter(req, resp);
        }
    }

    /** Sets context attribute "listener" when the context starts. */
    public static final class MarkingListener implements ServletContextListener {
        @Override
        public void contextInitialized(ServletContextEvent event) {
            event.getServletContext().setAttribute("listener", "ran");
        }
    }

    /**
     * Listed in src/test/resources/META-INF/services/jakarta.servlet.ServletContainerInitializer:
     * maps /sci to a servlet answering "sci ran", so a test can see that the container found it.
     */
    public static final class ServiceListedInitializer implements ServletContainerInitializer {
        @Override
        public void onStartup(Set<Class<?>> classes, ServletContext ctx) {
            ctx.addServlet("sci", new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                    resp.getWriter().print("sci ran");
                }
            }).addMapping("/sci");
        }
    }

    /** Writes an exploded webapp under {@code dir} with the given web.xml body (inside web-app). */
    static Path webapp(Path dir, String webXmlBody, String portcullisProperties) throws IOException {
        Files.createDirectories(dir.resolve("WEB-INF/classes"));
        Files.writeString(dir.resolve("WEB-INF/web.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee"
                         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                         xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/web-app_6_0.xsd"
                         version="6.0">
                """ + webXmlBody + "\n</web-app>\n");
        if (portcullisProperties != null) {
            Files.writeString(dir.resolve("WEB-INF/classes/portcullis.properties"), portcullisProperties);
        }
        Files.writeString(dir.resolve("static.txt"), "static file");
        return dir;
    }
}
