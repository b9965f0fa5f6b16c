package io.portcullis.demo;

import static io.portcullis.demo.HttpMethod.GET;
import static io.portcullis.demo.HttpMethod.POST;
import static io.portcullis.demo.Protection.LOGIN_REQUIRED;
import static io.portcullis.demo.Protection.PUBLIC;

import io.portcullis.filters.HardeningFilter;
import jakarta.servlet.SessionCookieConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The demo's pages and its route table: the one list that says who may call what. */
final class DemoApplication implements AutoCloseable {

    private final DemoConfig config;
    private final Users users;
    private final UserFiles files;
    private final RouteTable routes;
    private final HardeningFilter hardening;
    private final LoginThrottle loginThrottle;
    private final LoginThrottle signupThrottle;

    DemoApplication(DemoConfig config, Path data, HardeningFilter hardening, Clock clock, ThrottleLimits limits)
            throws IOException {
        this.config = config;
        this.hardening = hardening;
        this.users = new Users(data.resolve("users.tsv"));
        this.loginThrottle = new LoginThrottle(limits.loginAttempts(), limits.loginWindow(), limits.maxKeys(), clock);
        this.signupThrottle = new LoginThrottle(limits.signupAttempts(), limits.signupWindow(), limits.maxKeys(), clock);
        this.files = new UserFiles(config, data);
        this.routes = RouteTable.of(List.of(
                route(GET, "/", PUBLIC, this::home),
                route(GET, "/signup", PUBLIC, this::signupForm),
                route(POST, "/signup", PUBLIC, this::signup),
                route(GET, "/login", PUBLIC, this::loginForm),
                route(POST, "/login", PUBLIC, this::login),
                route(POST, "/logout", LOGIN_REQUIRED, this::logout),
                route(GET, "/account", LOGIN_REQUIRED, this::account),
                route(GET, "/security", LOGIN_REQUIRED, this::security),
                route(GET, "/upload", LOGIN_REQUIRED, files::uploadForm),
                new Route(POST, "/upload", LOGIN_REQUIRED, true, files::upload),
                route(GET, "/files", LOGIN_REQUIRED, files::list),
                route(GET, "/files/{id}", LOGIN_REQUIRED, files::download),
                route(POST, "/files/{id}/share", LOGIN_REQUIRED, files::share),
                route(GET, "/s/{token}", PUBLIC, files::shared)));
    }

    private static Route route(HttpMethod m, String path, Protection p, Route.Handler h) {
        return new Route(m, path, p, false, h);
    }

    RouteTable routes() {
        return routes;
    }

    UserFiles files() {
        return files;
    }

    Users users() {
        return users;
    }

    LoginThrottle loginThrottle() {
        return loginThrottle;
    }

    @Override
    public void close() {
        files.close();
    }

    // ---- pages ----

    private void home(Exchange x) throws IOException {
        String user = x.user();
        StringBuilder b = new StringBuilder();
        b.append("<p>This small app runs behind Portcullis: HTTPS only with HSTS, a strict nonce-based ")
                .append("Content-Security-Policy, hardened session cookies, CSRF tokens on every form, uploads ")
                .append("checked on their bytes, downloads authorised here and delivered by ")
                .append(Html.esc(config.sendfileBackend().name().toLowerCase(java.util.Locale.ROOT)))
                .append(", and signed, expiring share links.</p>");
        if (user == null) {
            b.append("<p><a href=\"/signup\">Sign up</a> or <a href=\"/login\">log in</a> to try it.</p>");
        } else {
            b.append("<p>Logged in as <strong>").append(Html.esc(user)).append("</strong>. ")
                    .append("<a href=\"/upload\">Upload a file</a>, see <a href=\"/files\">your files</a> or the ")
                    .append("<a href=\"/security\">security report</a>.</p>");
        }
        if (!config.hardening()) {
            b.append("<p class=\"warn\">Hardening is OFF (--hardening off): this run only measures overhead.</p>");
        }
        x.html(200, Html.page(x, "Portcullis demo", b.toString()));
    }

    private void signupForm(Exchange x) throws IOException {
        x.html(200, Html.page(x, "Sign up", signupBody(x, null)));
    }

    private String signupBody(Exchange x, String error) {
        return (error == null ? "" : "<p class=\"bad\" id=\"error\">" + Html.esc(error) + "</p>")
                + "<form method=\"post\" action=\"/signup\">" + Html.csrfField(x)
                + "<label>User name <input name=\"username\" autocomplete=\"username\" required></label>"
                + "<label>Password (" + Users.MIN_PASSWORD + "+ characters) <input type=\"password\" name=\"password\" "
                + "autocomplete=\"new-password\" required></label>"
                + "<button type=\"submit\" id=\"signup\">Sign up</button></form>";
    }

    private void signup(Exchange x) throws IOException {
        String name = x.request().getParameter("username");
        String password = x.request().getParameter("password");
        String problem = Users.problem(name, password);
        if (problem == null && !users.exists(name)) {
            LoginThrottle.Decision d = signupThrottle.tryAttempt(LoginThrottle.addressKey(x.request()));
            if (!d.allowed()) {
                tooManyAttempts(x, d, "Sign up", signupBody(x, tooManyMessage("sign-ups from your address", d)));
                return;
            }
        }
        if (problem == null && !users.create(name, password)) {
            problem = "That user name is taken.";
        }
        if (problem != null) {
            x.html(400, Html.page(x, "Sign up", signupBody(x, problem)));
            return;
        }
        Sessions.login(x.request(), name);
        x.seeOther("/account");
    }

    private void loginForm(Exchange x) throws IOException {
        x.html(200, Html.page(x, "Log in", loginBody(x, null, safeNext(x.request().getParameter("next")))));
    }

    private String loginBody(Exchange x, String error, String next) {
        return (error == null ? "" : "<p class=\"bad\" id=\"error\">" + Html.esc(error) + "</p>")
                + "<form method=\"post\" action=\"/login\">" + Html.csrfField(x)
                + "<input type=\"hidden\" name=\"next\" value=\"" + Html.esc(next) + "\">"
                + "<label>User name <input name=\"username\" autocomplete=\"username\" required></label>"
                + "<label>Password <input type=\"password\" name=\"password\" autocomplete=\"current-password\" required></label>"
                + "<button type=\"submit\" id=\"login\">Log in</button></form>";
    }

    private void login(Exchange x) throws IOException {
        String name = x.request().getParameter("username");
        String next = safeNext(x.request().getParameter("next"));
        String accountKey = LoginThrottle.accountKey(name);
        String addressKey = LoginThrottle.addressKey(x.request());
        // decided before any hashing: a refused attempt costs no PBKDF2 run
        LoginThrottle.Decision d = loginThrottle.tryAttempt(accountKey, addressKey);
        if (!d.allowed()) {
            tooManyAttempts(x, d, "Log in",
                    loginBody(x, tooManyMessage("failed log-ins for this account or from your address", d), next));
            return;
        }
        if (!users.verify(name, x.request().getParameter("password"))) {
            x.html(401, Html.page(x, "Log in", loginBody(x, "Wrong user name or password.", next)));
            return;
        }
        loginThrottle.succeeded(accountKey, addressKey);
        Sessions.login(x.request(), name);
        x.seeOther(next);
    }

    private static String tooManyMessage(String what, LoginThrottle.Decision d) {
        long minutes = (d.retryAfterSeconds() + 59) / 60;
        return "Too many " + what + ". Try again in " + minutes + (minutes == 1 ? " minute." : " minutes.");
    }

    /** 429 Too Many Requests (RFC 6585 §4) with Retry-After in seconds and the form again. */
    private static void tooManyAttempts(Exchange x, LoginThrottle.Decision d, String title, String body) throws IOException {
        x.response().setHeader("Retry-After", Long.toString(d.retryAfterSeconds()));
        x.html(429, Html.page(x, title, body));
    }

    /** Only a path of one of our own GET routes; anything else (//evil, https://…) goes to /account. */
    String safeNext(String next) {
        if (next != null && next.startsWith("/") && !next.startsWith("//") && next.length() < 512) {
            String path = next.indexOf('?') < 0 ? next : next.substring(0, next.indexOf('?'));
            RouteTable.Match m = routes.find(GET, path);
            if (m != null && m.route() != null && next.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '\\')) {
                return next;
            }
        }
        return "/account";
    }

    private void logout(Exchange x) {
        Sessions.logout(x.request());
        x.seeOther("/");
    }

    private void account(Exchange x) throws IOException {
        var session = x.request().getSession(false);
        String body = "<p>You are logged in as <strong id=\"user\">" + Html.esc(x.user()) + "</strong>.</p>"
                + "<p>Your session id was replaced when you logged in (<code>changeSessionId()</code>), so an id "
                + "planted before login is useless. Session started "
                + Html.esc(java.time.Instant.ofEpochMilli(session.getCreationTime()).toString()) + ".</p>"
                + "<p>You have " + files.count(x.user()) + " file(s). <a href=\"/files\">My files</a> · "
                + "<a href=\"/upload\">Upload</a> · <a href=\"/security\">Security report</a></p>";
        x.html(200, Html.page(x, "Account", body));
    }

    private void security(Exchange x) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("<h2>Live response headers</h2><p id=\"live-status\">Fetching this page again from a nonce'd ")
                .append("script to read the headers your browser really received…</p>")
                .append("<table><thead><tr><th>Header</th><th>Value</th></tr></thead><tbody id=\"live\"></tbody></table>");
        b.append("<h2>Session cookie</h2><table>");
        SessionCookieConfig c = x.request().getServletContext().getSessionCookieConfig();
        row(b, "name", c.getName() == null ? "JSESSIONID" : c.getName());
        row(b, "Secure", String.valueOf(c.isSecure()));
        row(b, "HttpOnly", String.valueOf(c.isHttpOnly()));
        row(b, "SameSite", String.valueOf(c.getAttribute("SameSite")));
        row(b, "Path", c.getPath() == null ? "/" : c.getPath());
        row(b, "Max-Age", c.getMaxAge() < 0 ? "session (deleted when the browser closes)" : String.valueOf(c.getMaxAge()));
        for (Map.Entry<String, String> e : c.getAttributes().entrySet()) {
            if (!List.of("SameSite", "Secure", "HttpOnly", "Path", "Max-Age", "Domain").contains(e.getKey())) {
                row(b, e.getKey(), e.getValue());
            }
        }
        b.append("</table><h2>Deploy self-check</h2>").append(Hardening.deployCheckHtml(hardening));
        b.append("<script nonce=\"").append(Html.esc(x.nonce())).append("\">").append(LIVE_HEADERS_SCRIPT).append("</script>");
        x.html(200, Html.page(x, "Security report", b.toString()));
    }

    private static final String LIVE_HEADERS_SCRIPT = """
            (async function () {
              const status = document.getElementById('live-status');
              try {
                const r = await fetch(location.pathname, {cache: 'no-store', credentials: 'same-origin', redirect: 'manual'});
                const body = document.getElementById('live');
                for (const [name, value] of r.headers) {
                  const tr = document.createElement('tr');
                  const th = document.createElement('td');
                  const td = document.createElement('td');
                  th.textContent = name;
                  td.textContent = value;
                  tr.append(th, td);
                  body.append(tr);
                }
                status.textContent = 'HTTP ' + r.status + ' from ' + location.origin + location.pathname;
                status.dataset.done = 'true';
              } catch (e) {
                status.textContent = 'fetch failed: ' + e;
              }
            })();""";

    static void row(StringBuilder b, String k, String v) {
        b.append("<tr><th>").append(Html.esc(k)).append("</th><td>").append(Html.esc(v)).append("</td></tr>");
    }
}
