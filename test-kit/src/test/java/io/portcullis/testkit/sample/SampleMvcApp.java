package io.portcullis.testkit.sample;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/**
 * A small Spring MVC application as users write them: controllers, and a log-in rule kept
 * somewhere else (here a filter with a list of protected prefixes, like
 * {@code authorizeHttpRequests(...).requestMatchers(...)}). The shipped version forgets
 * {@code /reports} when the export was added.
 */
public final class SampleMvcApp {

    private SampleMvcApp() {
    }

    @Configuration
    @EnableWebMvc
    public static class Config {
        @Bean
        public Pages pages() {
            return new Pages();
        }
    }

    @RestController
    public static class Pages {
        @GetMapping("/")
        public String home() {
            return "home";
        }

        @GetMapping("/login")
        public String loginForm(HttpServletRequest request) {
            return "<form method=post>" + io.portcullis.csrf.CsrfToken.of(request).hiddenField() + "</form>";
        }

        @PostMapping("/login")
        public String login(HttpServletResponse response) {
            response.addCookie(new Cookie("user", "alice"));
            return "welcome";
        }

        @GetMapping("/account")
        public String account() {
            return "your account";
        }

        @PostMapping("/account/email")
        public String changeEmail() {
            return "changed";
        }

        @GetMapping("/users/{id}")
        public String user(@PathVariable String id) {
            return "user " + id;
        }

        /** Added later; nobody added /reports to the log-in rule. */
        @GetMapping("/reports/export")
        public String export() {
            return "salary,name\n";
        }
    }

    /** The log-in rule: anonymous requests under these prefixes go to /login. */
    public static final class LoginRequired implements Filter {
        private final List<String> protectedPrefixes;
        private final boolean rawUri;

        public LoginRequired(List<String> protectedPrefixes) {
            this(protectedPrefixes, false);
        }

        private LoginRequired(List<String> protectedPrefixes, boolean rawUri) {
            this.protectedPrefixes = List.copyOf(protectedPrefixes);
            this.rawUri = rawUri;
        }

        /**
         * The fixed rule matching the raw {@code getRequestURI()} (how this sample was first written):
         * Spring MVC still routes {@code /%61ccount} to the account controller, which this rule lets by.
         */
        public static LoginRequired fixedOnTheRawUri() {
            return new LoginRequired(List.of("/account", "/users", "/reports"), true);
        }

        /** The rule as shipped: /reports forgotten. */
        public static LoginRequired asShipped() {
            return new LoginRequired(List.of("/account", "/users"));
        }

        /** The rule once fixed. */
        public static LoginRequired fixed() {
            return new LoginRequired(List.of("/account", "/users", "/reports"));
        }

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
            HttpServletRequest r = (HttpServletRequest) req;
            // the path the container routes by (DispatcherServlet on "/": the servlet path is the whole path)
            String path = rawUri ? r.getRequestURI().substring(r.getContextPath().length())
                    : r.getServletPath() + (r.getPathInfo() == null ? "" : r.getPathInfo());
            boolean loggedIn = r.getCookies() != null && java.util.Arrays.stream(r.getCookies())
                    .anyMatch(c -> c.getName().equals("user") && c.getValue().equals("alice"));
            if (!loggedIn && protectedPrefixes.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"))) {
                ((HttpServletResponse) res).sendRedirect(r.getContextPath() + "/login?next=" + path);
                return;
            }
            chain.doFilter(req, res);
        }
    }
}
