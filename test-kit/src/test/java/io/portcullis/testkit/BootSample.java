package io.portcullis.testkit;

import io.portcullis.testkit.sample.boot.BootSampleApp;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.context.WebApplicationContext;

/**
 * The running {@link BootSampleApp} as the Boot sample tests see it: its address, servlet context,
 * the reviewed audit, a log-in.
 */
final class BootSample {

    private static final Pattern TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private BootSample() {
    }

    static URI base(ConfigurableApplicationContext app) {
        return URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"));
    }

    /** The servlet context of Boot's embedded Tomcat: what the kit enumerates. */
    static ServletContext servletContext(ConfigurableApplicationContext app) {
        return ((WebApplicationContext) app).getServletContext();
    }

    /**
     * The audit a user of the sample writes: the reviewed public routes (the app's own and Boot's
     * error page), an example for each pattern that needs one, the log-in page.
     */
    static RouteAudit reviewedAudit(ConfigurableApplicationContext app) {
        return auditWithoutExamples(app)
                .example("/api/orders/{id}", "/api/orders/42")
                .example("/**", "/robots.txt")
                .example("/webjars/**", "/webjars/app.js");
    }

    /**
     * The reviewed decisions without the examples: Spring Security's own log-in and log-out POSTs
     * (answered by its filter chain on {@code /*}, so no mapping lists them) declared as filter
     * routes, the app's public pages, and Boot's error page, which answers every method.
     */
    static RouteAudit auditWithoutExamples(ConfigurableApplicationContext app) {
        return RouteAudit.of(base(app), servletContext(app))
                .filterRoutes("POST /login", "POST /logout")
                .publicRoutes("GET /", "GET /login", "POST /login", "POST /logout", "GET /account/signup",
                        "GET /api/status", "GET /error", "POST /error")
                .loginPage("/login")
                .tokenPage("/login");
    }

    /** Logs {@code user} in through Spring Security's form log-in; the session cookie of the logged-in user. */
    static String logIn(ConfigurableApplicationContext app, String user, String password)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(base(app).resolve("/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = TOKEN.matcher(form.body());
        String csrf = m.find() ? "&_csrf=" + enc(m.group(1)) : ""; // none when the app's CSRF protection is off
        String body = "username=" + enc(user) + "&password=" + enc(password) + csrf;
        HttpRequest.Builder post = HttpRequest.newBuilder(base(app).resolve("/login"));
        if (!csrf.isEmpty()) {
            post.header("Cookie", session(form)); // the token belongs to the anonymous session
        }
        HttpResponse<String> done = http.send(post.header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        String location = done.headers().firstValue("Location").orElse("");
        if (done.statusCode() != 302 || location.contains("error")) {
            throw new IllegalStateException("log-in of " + user + " failed: " + done.statusCode() + " " + location);
        }
        return session(done);
    }

    /** A valid CSRF token of the session {@code cookie}, read from the log-in page (which renders one to anyone). */
    static String token(ConfigurableApplicationContext app, String cookie) throws IOException, InterruptedException {
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base(app).resolve("/login"))
                .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = TOKEN.matcher(page.body());
        if (!m.find()) {
            throw new IllegalStateException("no _csrf field in the log-in page");
        }
        return m.group(1);
    }

    private static String session(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .map(c -> c.split(";", 2)[0]).findFirst()
                .orElseThrow(() -> new IllegalStateException("no session cookie in " + response.headers().map()));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
