package io.portcullis.testkit;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DynamicTest;

/**
 * "Every route fails when you are not logged in", proved over real HTTP against the running
 * application, for the routes it really has ({@link Routes}):
 * <ul>
 *   <li>every route not in the reviewed {@linkplain #publicRoutes public list} must deny an anonymous
 *       request: 401, 403 or a redirect to the {@linkplain #loginPage log-in page}. A route added
 *       without a decision therefore fails, naming it;</li>
 *   <li>every unsafe public route (and, with {@link #credentials}, every unsafe route) must refuse a
 *       request without a CSRF token and one with a wrong token (403);</li>
 *   <li>a public-list entry, an example or a CSRF exemption that names no route fails too (stale);</li>
 *   <li>a route with path variables is requested at the example the test gives
 *       ({@link #example}); without one it fails as needing one — never skipped.</li>
 * </ul>
 * Unsafe requests are sent as a same-origin browser would ({@code Origin} of the application,
 * {@code Sec-Fetch-Site: same-origin}), so what refuses them is the token check, not the Origin
 * check. With {@link #tokenPage}, anonymous unsafe requests on protected routes carry a valid token
 * of an anonymous visitor, so a 403 there is the log-in rule and not the CSRF filter.
 *
 * <pre>{@code
 * RouteAudit.of(server.http(), server.servletContext())
 *         .publicRoutes("GET /", "GET /login", "POST /login")
 *         .example("/users/{id}", "/users/42")
 *         .loginPage("/login")
 *         .verify();
 * }</pre>
 */
public final class RouteAudit {

    private static final Pattern HIDDEN = Pattern.compile("name=\"([^\"]+)\" value=\"([^\"]+)\"");
    private static final Pattern META = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\"");

    private final URI base;
    private final List<Route> routes;   // as enumerated, then filterRoutes(...) appended
    private final Set<String> publicRoutes = new LinkedHashSet<>();
    private final Set<String> csrfExempt = new LinkedHashSet<>();
    private final Map<String, String> examples = new LinkedHashMap<>();
    private final Set<Integer> denied = new LinkedHashSet<>(List.of(401, 403));
    private String loginPage;
    private String tokenPage;
    private String tokenField = "_csrf";
    private String tokenHeader = "X-CSRF-Token";
    private String credentialHeader;
    private String credentialValue;
    private HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private volatile boolean ran;

    private RouteAudit(URI base, List<Route> routes) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.routes = new ArrayList<>(routes);
    }

    /** The routes of the application in {@code context}, requested at {@code base} (context path appended). */
    public static RouteAudit of(URI base, ServletContext context) {
        return new RouteAudit(URI.create(base + context.getContextPath()), Routes.of(context));
    }

    /** Routes the test supplies (an application with its own router), requested at {@code base}. */
    public static RouteAudit of(URI base, List<Route> routes) {
        return new RouteAudit(base, routes);
    }

    /** The reviewed routes anyone may use, as {@code "METHOD /pattern"}. */
    public RouteAudit publicRoutes(String... keys) {
        publicRoutes.addAll(List.of(keys));
        return this;
    }

    /**
     * Routes a filter answers on its own under a {@code /*} mapping, which no servlet or handler
     * mapping lists: Spring Security's {@code "POST /login"} (form log-in) and {@code "POST /logout"}.
     * They are audited like the others (an unsafe public one must refuse a missing and a wrong CSRF
     * token); a key the enumeration already found is kept once.
     */
    public RouteAudit filterRoutes(String... keys) {
        for (String key : keys) {
            String[] parts = key.trim().split(" +", 2);
            if (parts.length != 2 || !parts[1].startsWith("/")) {
                throw new IllegalArgumentException("a filter route is \"METHOD /path\"; got \"" + key + "\"");
            }
            Route r = new Route(parts[0], parts[1], "filter route declared by the test");
            if (routes.stream().noneMatch(x -> x.key().equals(r.key()))) {
                routes.add(r);
            }
        }
        return this;
    }

    /** A concrete path for a pattern with variables or wildcards: {@code example("/users/{id}", "/users/42")}. */
    public RouteAudit example(String pattern, String path) {
        examples.put(pattern, path);
        return this;
    }

    /** A redirect (3xx) to this path (any query), or to a path below it, counts as denied. */
    public RouteAudit loginPage(String path) {
        this.loginPage = path;
        return this;
    }

    /** The statuses that count as denied besides the redirect to the log-in page (default 401, 403). */
    public RouteAudit deniedStatuses(Integer... statuses) {
        denied.clear();
        denied.addAll(List.of(statuses));
        return this;
    }

    /** Reviewed unsafe routes that need no CSRF token (webhooks authenticated by a signature), as {@code "POST /hooks/x"}. */
    public RouteAudit csrfExempt(String... keys) {
        csrfExempt.addAll(List.of(keys));
        return this;
    }

    /** The form field and header that carry the token (default {@code _csrf}, {@code X-CSRF-Token}). */
    public RouteAudit csrfNames(String field, String header) {
        this.tokenField = Objects.requireNonNull(field);
        this.tokenHeader = Objects.requireNonNull(header);
        return this;
    }

    /** A page that renders a token to an anonymous visitor (hidden field or csrf-token meta tag). */
    public RouteAudit tokenPage(String path) {
        this.tokenPage = path;
        return this;
    }

    /** A logged-in user's credential (a {@code Cookie} or {@code Authorization} header): unsafe protected routes are then CSRF-checked too. */
    public RouteAudit credentials(String header, String value) {
        this.credentialHeader = header;
        this.credentialValue = value;
        return this;
    }

    /** The HTTP client (TLS trust for HTTPS); redirects must not be followed. */
    public RouteAudit client(HttpClient http) {
        this.client = http;
        return this;
    }

    /** The routes audited. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** Whether any check has run (the extension fails a class that registered it and never audited). */
    boolean ran() {
        return ran;
    }

    /** Every problem found, each naming the route; empty when the application passes. */
    public List<String> problems() {
        List<String> out = new ArrayList<>(staleEntries());
        for (Route r : routes) {
            out.addAll(check(r));
        }
        return out;
    }

    /** @throws AssertionError listing every problem */
    public void verify() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " route problem(s):\n  " + String.join("\n  ", problems));
        }
    }

    /** One dynamic test per route, plus one for stale public-list entries, examples and exemptions. */
    public List<DynamicTest> dynamicTests() {
        List<DynamicTest> out = new ArrayList<>();
        out.add(dynamicTest("reviewed lists name only existing routes", () -> fail(staleEntries())));
        for (Route r : routes) {
            String decision = publicRoutes.contains(r.key()) ? "public" : "denies anonymous";
            out.add(dynamicTest(r.key() + " " + decision + (r.unsafe() ? ", needs a CSRF token" : ""), () -> fail(check(r))));
        }
        return out;
    }

    private static void fail(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n", problems));
        }
    }

    private List<String> staleEntries() {
        ran = true;
        Set<String> keys = new LinkedHashSet<>();
        Set<String> patterns = new LinkedHashSet<>();
        routes.forEach(r -> {
            keys.add(r.key());
            patterns.add(r.pattern());
        });
        List<String> out = new ArrayList<>();
        publicRoutes.stream().filter(k -> !keys.contains(k))
                .forEach(k -> out.add("public list entry \"" + k + "\" names no route of the application: remove it"));
        csrfExempt.stream().filter(k -> !keys.contains(k))
                .forEach(k -> out.add("CSRF exemption \"" + k + "\" names no route of the application: remove it"));
        examples.keySet().stream().filter(p -> !patterns.contains(p))
                .forEach(p -> out.add("example for \"" + p + "\" names no route pattern of the application: remove it"));
        return out;
    }

    private List<String> check(Route r) {
        ran = true;
        String path = path(r);
        if (path == null) {
            return List.of(r.key() + " (" + r.source() + ") needs an example path: add .example(\"" + r.pattern() + "\", \"/...\")");
        }
        List<String> out = new ArrayList<>();
        try {
            boolean isPublic = publicRoutes.contains(r.key());
            if (!isPublic) {
                Map<String, String> token = r.unsafe() && tokenPage != null ? anonymousToken() : Map.of();
                if (token == null) {
                    // no token to carry: the CSRF protection is off or tokenPage is wrong; the checks go on without one
                    out.add(r.key() + " (" + r.source() + "): tokenPage " + tokenPage + " renders no " + tokenField
                            + " field nor csrf-token meta tag to an anonymous visitor, so the anonymous request"
                            + " carried no token: is the CSRF protection on?");
                    token = Map.of();
                }
                HttpResponse<String> resp = send(r.method(), path, token, false);
                if (!denies(resp)) {
                    out.add(r.key() + " (" + r.source() + ") answered " + resp.statusCode() + " to an anonymous request at "
                            + path + ": protect it, or add \"" + r.key() + "\" to the reviewed public routes");
                } else if (r.unsafe() && tokenPage == null && csrfRefusal(resp)) {
                    out.add(r.key() + " (" + r.source() + ") was refused by the CSRF check, which hides whether the log-in rule"
                            + " holds: set tokenPage(...) so anonymous requests carry a valid token");
                } else if (r.unsafe() && tokenPage == null && resp.statusCode() == 403 && !csrfExempt.contains(r.key())) {
                    // Spring Security's CSRF refusal is a plain 403 that runs before its authorization rules: taken
                    // for a log-in rule, it passed a route its rules had left open
                    out.add(r.key() + " (" + r.source() + ") answered 403 to an anonymous request that carried no CSRF token,"
                            + " which a CSRF check refuses before any log-in rule is tried: the kit cannot tell the log-in"
                            + " rule holds; set tokenPage(...) so anonymous requests carry a valid token, or csrfExempt(\""
                            + r.key() + "\") if the route has no CSRF check");
                } else {
                    for (String spelling : spellings(path)) {
                        HttpResponse<String> other = send(r.method(), spelling, token, false);
                        if (other.statusCode() >= 200 && other.statusCode() < 300) {
                            out.add(r.key() + " (" + r.source() + ") denies an anonymous request at " + path + " but answered "
                                    + other.statusCode() + " at " + spelling + ", a spelling the container routes to the same"
                                    + " place: the log-in rule reads the raw request URI; match on getServletPath() +"
                                    + " getPathInfo() (or the framework's decoded path)");
                            break;
                        }
                    }
                    Map<String, String> unsafeToken = tokenPage != null && !r.unsafe() ? anonymousToken() : token;
                    for (String method : otherMethods(r)) {
                        Map<String, String> carried = unsafeToken == null ? Map.of() : unsafeToken;
                        HttpResponse<String> other = send(method, path, carried, false);
                        if (other.statusCode() >= 200 && other.statusCode() < 300) {
                            out.add(r.key() + " (" + r.source() + ") denies an anonymous request, but " + method + " "
                                    + path + " answered " + other.statusCode() + " to one: the log-in rule names methods"
                                    + " and the handler takes " + method + " too; protect every method of the route");
                        }
                    }
                }
            }
            boolean csrfCheck = r.unsafe() && !csrfExempt.contains(r.key()) && (isPublic || credentialHeader != null);
            if (csrfCheck) {
                boolean asUser = !isPublic;
                HttpResponse<String> missing = send(r.method(), path, Map.of(), asUser);
                if (missing.statusCode() != 403) {
                    out.add(r.key() + " (" + r.source() + ") answered " + missing.statusCode() + " to a request without a CSRF token"
                            + " at " + path + ": map the CSRF filter to it, or add \"" + r.key() + "\" to csrfExempt(...)");
                }
                HttpResponse<String> wrong = send(r.method(), path, Map.of("wrong", "portcullis-test-wrong-token"), asUser);
                if (wrong.statusCode() != 403) {
                    out.add(r.key() + " (" + r.source() + ") answered " + wrong.statusCode() + " to a request with a wrong CSRF token"
                            + " at " + path);
                }
                // a well-formed token, issued to another visitor: a check of the token's form or signature alone
                // (not bound to the session or cookie it was issued to) lets an attacker use their own token
                Map<String, String> other = tokenPage == null ? null : anonymousToken(isolatedClient());
                if (other != null) {
                    HttpResponse<String> foreign = send(r.method(), path, Map.of("wrong", other.get("token")), asUser);
                    if (foreign.statusCode() != 403) {
                        out.add(r.key() + " (" + r.source() + ") answered " + foreign.statusCode() + " to a request carrying"
                                + " another visitor's CSRF token at " + path + ": the token is not bound to the session or"
                                + " cookie it was issued to");
                    }
                }
            }
        } catch (IOException e) {
            out.add(r.key() + " could not be requested at " + path + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.add(r.key() + " interrupted");
        }
        return out;
    }

    private String path(Route r) {
        String example = examples.get(r.pattern());
        if (example != null) {
            return example;
        }
        if (r.needsExample()) {
            return null;
        }
        String p = r.pattern();
        if (p.endsWith("/*")) {
            return p.substring(0, p.length() - 1) + "portcullis-probe";
        }
        return p;
    }

    /**
     * PUT, DELETE and PATCH, less those the application lists as routes of the same pattern: a
     * handler that takes every method (a servlet overriding {@code service}, a Spring mapping
     * without a method) behind a rule that names GET and POST is open to the others.
     */
    private List<String> otherMethods(Route r) {
        List<String> out = new ArrayList<>(List.of("PUT", "DELETE", "PATCH"));
        for (Route x : routes) {
            if (x.pattern().equals(r.pattern())) {
                out.remove(x.method());
            }
        }
        return out;
    }

    /**
     * Other spellings of {@code path} that a Servlet container routes exactly like it (Servlet 6.0
     * §3.5.2: %-escapes are decoded and path parameters removed before mapping): the first letter
     * %-encoded ({@code /%61dmin/x}) and a path parameter on the first segment ({@code /admin;p/x}).
     * A log-in rule that compares {@code getRequestURI()} misses both.
     */
    static List<String> spellings(String path) {
        List<String> out = new ArrayList<>();
        int q = path.indexOf('?');
        String p = q < 0 ? path : path.substring(0, q);
        String query = q < 0 ? "" : path.substring(q);
        for (int i = 1; i < p.length(); i++) {
            char c = p.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                out.add(p.substring(0, i) + "%" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)
                        + p.substring(i + 1) + query);
                break;
            }
            if (c == '/' || c == '%' || c == ';') {
                break; // only within the first segment
            }
        }
        int end = p.indexOf('/', 1);
        String first = end < 0 ? p : p.substring(0, end);
        if (first.length() > 1 && first.indexOf(';') < 0) {
            out.add(first + ";portcullis-probe" + (end < 0 ? "" : p.substring(end)) + query);
        }
        return out;
    }

    private boolean denies(HttpResponse<String> resp) {
        int s = resp.statusCode();
        if (denied.contains(s)) {
            return true;
        }
        if (loginPage != null && s >= 300 && s < 400) {
            String location = resp.headers().firstValue("Location").orElse("");
            String locPath = URI.create(base + "/").resolve(location).getPath();
            String login = URI.create(base + loginPage).getPath();
            // the log-in page itself or a path below it: "/login" is not "/login-done" (an action that redirected on)
            return locPath != null
                    && (locPath.equals(login) || locPath.startsWith(login.endsWith("/") ? login : login + "/"));
        }
        return false;
    }

    private static boolean csrfRefusal(HttpResponse<String> resp) {
        String b = resp.body();
        return resp.statusCode() == 403 && b != null && (b.contains("CSRF_TOKEN_") || b.contains("ORIGIN_MISMATCH")
                || b.contains("CROSS_SITE_REQUEST"));
    }

    /** Cookies and the token of an anonymous visitor, read from {@link #tokenPage}; null when it renders none. */
    private Map<String, String> anonymousToken() throws IOException, InterruptedException {
        return anonymousToken(client);
    }

    /** The same, read with {@code via}. */
    private Map<String, String> anonymousToken(HttpClient via) throws IOException, InterruptedException {
        HttpRequest get = HttpRequest.newBuilder(URI.create(base + tokenPage)).GET().build();
        HttpResponse<String> page = via == client ? exchange(get) : via.send(get, HttpResponse.BodyHandlers.ofString());
        String token = null;
        Matcher m = HIDDEN.matcher(page.body());
        while (m.find()) {
            if (m.group(1).equals(tokenField)) {
                token = m.group(2);
                break;
            }
        }
        if (token == null) {
            Matcher meta = META.matcher(page.body());
            if (meta.find()) {
                token = meta.group(1);
            }
        }
        if (token == null) {
            return null;
        }
        StringBuilder cookies = new StringBuilder();
        for (String sc : page.headers().allValues("Set-Cookie")) {
            cookies.append(cookies.length() == 0 ? "" : "; ").append(sc.split(";", 2)[0].trim());
        }
        return Map.of("token", token, "cookies", cookies.toString());
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> token, boolean asUser)
            throws IOException, InterruptedException {
        String value = token.getOrDefault("token", token.get("wrong"));
        String body = value == null ? "portcullis-test=1" : "portcullis-test=1&" + tokenField + "=" + value;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        boolean unsafe = new Route(method, path, "-").unsafe();
        if (unsafe) {
            b.method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Origin", base.getScheme() + "://" + base.getRawAuthority()).header("Sec-Fetch-Site", "same-origin");
            if (value != null) {
                b.header(tokenHeader, value);
            }
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        List<String> cookies = new ArrayList<>();
        if (token.containsKey("cookies") && !token.get("cookies").isEmpty()) {
            cookies.add(token.get("cookies"));
        }
        if (asUser && credentialHeader != null) {
            if (credentialHeader.equalsIgnoreCase("Cookie")) {
                cookies.add(credentialValue);
            } else {
                b.header(credentialHeader, credentialValue);
            }
        }
        if (!cookies.isEmpty()) {
            b.header("Cookie", String.join("; ", cookies));
        }
        return exchange(b.build());
    }

    /**
     * Sends one request. A kept-alive connection the server closed after its previous answer gives
     * no answer at all ("header parser received no bytes"): Jetty closes one whose request body was
     * still in flight when an auth or CSRF filter answered without reading it. Such an exchange is
     * sent once more, on a new connection; a timeout or a second failure is the route's problem.
     */
    /**
     * A client with the audit client's TLS settings and no cookie store: a visitor of its own, whose
     * cookies the audit client (which may keep a cookie jar) never sees.
     */
    private HttpClient isolatedClient() {
        return HttpClient.newBuilder().sslContext(client.sslContext()).sslParameters(client.sslParameters())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private HttpResponse<String> exchange(HttpRequest request) throws IOException, InterruptedException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw e;
        } catch (IOException e) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }
}
