package io.portcullis.demo;

import static io.portcullis.demo.HttpMethod.GET;
import static io.portcullis.demo.HttpMethod.POST;
import static io.portcullis.demo.Protection.LOGIN_REQUIRED;
import static io.portcullis.demo.Protection.PUBLIC;

import io.portcullis.core.Settings;
import io.portcullis.filters.HardeningFilter;
import io.portcullis.passwords.BreachPolicy;
import io.portcullis.passwords.HashPolicy;
import io.portcullis.passwords.PasswordChecker;
import io.portcullis.passwords.PasswordContext;
import io.portcullis.passwords.PasswordHasher;
import io.portcullis.passwords.PasswordPolicy;
import io.portcullis.passwords.PasswordVerdict;
import jakarta.servlet.SessionCookieConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The demo's pages and its route table: the one list that says who may call what. */
final class DemoApplication implements AutoCloseable {

    private final DemoConfig config;
    private final Database db;
    private final io.portcullis.csrf.CsrfPolicy csrfPolicy;
    private final Users users;
    private final UserFiles files;
    private final RouteTable routes;
    private HardeningFilter hardening;
    private final LoginThrottle loginThrottle;
    private final LoginThrottle signupThrottle;

    private final ThrottleLimits limits;
    private final PasswordChecker checker;
    private final PasswordChecker feedbackChecker;
    /** At most two feedback checks at once: a long random password costs ~10 MB and a core for a moment. */
    private final java.util.concurrent.Semaphore feedbackSlots = new java.util.concurrent.Semaphore(2);

    /** Opens the database (migrating a 0.1.0 data directory once) and the upload store; closes the database on failure. */
    DemoApplication(DemoConfig config, Path data, Clock clock, ThrottleLimits limits) throws IOException {
        this.config = config;
        this.limits = limits;
        // portcullis.password.* from -D or portcullis.properties; the site name is a context word.
        // Only the password area is handed on: every other portcullis.* key belongs to the filters,
        // whose own readers check it (the demo's test switches live outside portcullis.*).
        Settings all = Settings.fromSystem();
        java.util.Map<String, String> own = new java.util.TreeMap<>();
        for (String k : all.keys()) {
            if (k.startsWith("portcullis.password.")) {
                own.put(k, all.raw(k).orElseThrow());
            }
        }
        Settings settings = Settings.of(own);
        PasswordPolicy policy = PasswordPolicy.fromSettings(settings);
        if (policy.siteName().isEmpty()) {
            policy = policy.toBuilder().siteName("Portcullis demo").build();
        }
        this.checker = new PasswordChecker(policy);
        // as-you-type feedback never asks the breach source: one prefix per keystroke is too many
        this.feedbackChecker = new PasswordChecker(policy.toBuilder().breach(BreachPolicy.off()).build());
        PasswordHasher hasher = new PasswordHasher(HashPolicy.fromSettings(settings));
        byte[] key = Keys.load(data.resolve("share-link.key"));
        this.db = Database.open(data);
        try {
            LegacyImport.run(data, db);
            this.csrfPolicy = csrfPolicy(config, Keys.derive(key, "csrf"));
            this.users = new Users(db, limits.maxConcurrentHashes(), hasher);
            this.loginThrottle = new LoginThrottle("login", db, limits.loginWindow(), limits.maxKeys(), clock);
            this.signupThrottle = new LoginThrottle("signup", db, limits.signupWindow(), limits.maxKeys(), clock);
            this.files = new UserFiles(config, data, db, key);
        } catch (IOException | RuntimeException e) {
            db.close();
            throw e;
        }
        this.routes = RouteTable.of(List.of(
                route(GET, "/", PUBLIC, this::home),
                route(GET, "/signup", PUBLIC, this::signupForm),
                route(POST, "/signup", PUBLIC, this::signup),
                route(GET, "/login", PUBLIC, this::loginForm),
                route(POST, "/login", PUBLIC, this::login),
                route(POST, "/logout", LOGIN_REQUIRED, this::logout),
                route(GET, "/account", LOGIN_REQUIRED, this::account),
                route(GET, "/password", LOGIN_REQUIRED, this::changePasswordForm),
                route(POST, "/password", LOGIN_REQUIRED, this::changePassword),
                route(POST, "/password/check", PUBLIC, this::passwordFeedback),
                route(GET, "/security", LOGIN_REQUIRED, this::security),
                route(GET, "/upload", LOGIN_REQUIRED, files::uploadForm),
                new Route(POST, "/upload", LOGIN_REQUIRED, true, files::upload),
                route(GET, "/files", LOGIN_REQUIRED, files::list),
                route(GET, "/files/{id}", LOGIN_REQUIRED, files::download),
                route(POST, "/files/{id}/share", LOGIN_REQUIRED, files::share),
                route(GET, "/s/{token}", PUBLIC, files::shared),
                route(GET, "/favicon.ico", PUBLIC, DemoApplication::favicon)));
    }

    private static Route route(HttpMethod m, String path, Protection p, Route.Handler h) {
        return new Route(m, path, p, false, h);
    }

    /** The hardening filter in front of the app (null when off), for the security report's self-check. */
    void hardening(HardeningFilter filter) {
        this.hardening = filter;
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

    Database database() {
        return db;
    }

    /** What the CSRF filter in front of every route checks ({@link #csrfPolicy(DemoConfig, byte[])}). */
    io.portcullis.csrf.CsrfPolicy csrfPolicy() {
        return csrfPolicy;
    }

    /** The demo's form field, {@code csrf} (the library's default is {@code _csrf}). */
    static final String CSRF_FIELD = "csrf";
    /** The anonymous token's cookie when plain HTTP serves pages ({@code --hardening off}): no {@code __Host-} without Secure. */
    static final String PLAIN_CSRF_COOKIE = "demo-csrf";

    /**
     * The library's defaults (Fetch Metadata, Origin, masked tokens; the session's secret once
     * logged in, else the signed {@code __Host-csrf} cookie, so anonymous pages create no
     * session), with the demo's field name, a signing key derived from {@code share-link.key} (open
     * forms survive a restart) and, when plain HTTP serves pages, a cookie name browsers accept
     * without {@code Secure}.
     */
    static io.portcullis.csrf.CsrfPolicy csrfPolicy(DemoConfig config, byte[] signingKey) {
        return io.portcullis.csrf.CsrfPolicy.builder()
                .parameterName(CSRF_FIELD)
                .cookieName(config.hardening() ? "__Host-csrf" : PLAIN_CSRF_COOKIE)
                .signingKey(signingKey)
                .build();
    }

    @Override
    public void close() {
        db.close();
    }

    // ---- pages ----

    private void home(Exchange x) throws IOException {
        String user = x.user();
        StringBuilder b = new StringBuilder();
        b.append("<p>This small app runs behind Portcullis: HTTPS only with HSTS, a strict ")
                .append("Content-Security-Policy, hardened cookies, CSRF tokens on every form, uploads ")
                .append("checked on their bytes, downloads authorised here and ")
                .append(config.sendfileBackend() == io.portcullis.sendfile.Backend.DIRECT ? "streamed by the app itself"
                        : "delivered by " + Html.esc(frontServer(config.sendfileBackend())))
                .append(", and signed, expiring share links.</p>");
        if (user == null) {
            b.append("<h2>Log in</h2>").append(loginForm(x, "/account"))
                    .append("<p>No account yet? <a href=\"/signup\">Sign up</a>.</p>");
        } else {
            b.append("<p>Logged in as <strong>").append(Html.esc(user)).append("</strong>. ")
                    .append("<a href=\"/upload\">Upload a file</a>, see <a href=\"/files\">your files</a> or the ")
                    .append("<a href=\"/security\">security report</a>.</p>");
        }
        if (!config.hardening()) {
            b.append("<p class=\"warn\">Hardening is OFF (--hardening off): this run only measures overhead.</p>");
        }
        x.html(200, Html.page(x, Html.SITE, b.toString()));
    }

    private static String frontServer(io.portcullis.sendfile.Backend b) {
        return switch (b) {
            case NGINX -> "nginx (X-Accel-Redirect)";
            case APACHE -> "Apache httpd (X-Sendfile)";
            case LIGHTTPD -> "lighttpd (X-Sendfile)";
            default -> b.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private void signupForm(Exchange x) throws IOException {
        page(x, 200, "Sign up", signupBody(x, null));
    }

    /** A page with the password feedback script: its nonce'd script and the fetch to /password/check. */
    private static void page(Exchange x, int status, String title, String body) throws IOException {
        PasswordFeedback.allowScript(x);
        x.html(status, Html.page(x, title, body));
    }

    private String signupBody(Exchange x, String error) {
        return errorHtml(error)
                + "<form method=\"post\" action=\"/signup\">" + Html.csrfField(x)
                + "<label>User name <input name=\"username\" autocomplete=\"username\" required></label>"
                + "<label>Password (" + checker.policy().minLength() + "+ characters, any you like: spaces, "
                + "words, any script) <input type=\"password\" name=\"password\" id=\"new-password\" "
                + "autocomplete=\"new-password\" required></label>"
                + PasswordFeedback.html(x)
                + "<button type=\"submit\" id=\"signup\">Sign up</button></form>";
    }

    /** One error line, or several (a password verdict) as a list. */
    private static String errorHtml(String error) {
        if (error == null) {
            return "";
        }
        if (!error.contains("\n")) {
            return "<p class=\"bad\" id=\"error\">" + Html.esc(error) + "</p>";
        }
        StringBuilder b = new StringBuilder("<ul class=\"bad\" id=\"error\">");
        for (String line : error.split("\n")) {
            b.append("<li>").append(Html.esc(line)).append("</li>");
        }
        return b.append("</ul>").toString();
    }

    /** The verdict's messages, one per line, or null when accepted. */
    private static String refusal(PasswordVerdict v) {
        return v.accepted() ? null : String.join("\n", v.failures().stream().map(PasswordVerdict.Failure::message).toList());
    }

    private void signup(Exchange x) throws IOException {
        String name = x.request().getParameter("username");
        String password = x.request().getParameter("password");
        String problem = Users.problem(name);
        if (problem == null) {
            // judged before any throttle slot or hash is spent: a refused password costs no hash
            problem = refusal(checker.check(password == null ? "" : password, PasswordContext.of(name, null)));
        }
        LoginThrottle.Key address = new LoginThrottle.Key(LoginThrottle.addressKey(x.request()), limits.signupAttempts());
        Optional<Users.User> created = Optional.empty();
        if (problem == null && !users.exists(name)) {
            LoginThrottle.Decision d = signupThrottle.reserve(address);
            if (!d.allowed()) {
                PasswordFeedback.allowScript(x);
                tooManyAttempts(x, d, "Sign up", signupBody(x, tooManyMessage("sign-ups from your address", d)));
                return;
            }
            try {
                created = users.create(name, password);
            } catch (Users.BusyException e) {
                signupThrottle.release(address);
                busy(x);
                return;
            } catch (IOException | RuntimeException e) {
                signupThrottle.release(address);
                throw e;
            }
            signupThrottle.fail(address); // every sign-up that hashed consumes the address's budget
        }
        if (problem == null && created.isEmpty()) {
            problem = "That user name is taken.";
        }
        if (problem != null) {
            page(x, 400, "Sign up", signupBody(x, problem));
            return;
        }
        Sessions.login(x.request(), created.get());
        x.seeOther("/account");
    }

    /** 503 with Retry-After: every password-hashing turn was taken for {@value Users#HASH_WAIT_SECONDS} s. */
    private static void busy(Exchange x) throws IOException {
        x.response().setHeader("Retry-After", "5");
        io.portcullis.core.Problem.of(503, "busy", "Too many password checks at once; try again in a few seconds")
                .write(x.response());
    }

    private void loginForm(Exchange x) throws IOException {
        x.html(200, Html.page(x, "Log in", loginBody(x, null, safeNext(x.request().getParameter("next")))));
    }

    private String loginBody(Exchange x, String error, String next) {
        return (error == null ? "" : "<p class=\"bad\" id=\"error\">" + Html.esc(error) + "</p>") + loginForm(x, next);
    }

    private static String loginForm(Exchange x, String next) {
        return "<form method=\"post\" action=\"/login\">" + Html.csrfField(x)
                + "<input type=\"hidden\" name=\"next\" value=\"" + Html.esc(next) + "\">"
                + "<label>User name <input name=\"username\" autocomplete=\"username\" required></label>"
                + "<label>Password <input type=\"password\" name=\"password\" autocomplete=\"current-password\" required></label>"
                + "<button type=\"submit\" id=\"login\">Log in</button></form>";
    }

    private void login(Exchange x) throws IOException {
        String name = x.request().getParameter("username");
        String next = safeNext(x.request().getParameter("next"));
        String accountName = LoginThrottle.accountKey(name);
        LoginThrottle.Key account = accountName == null ? null : new LoginThrottle.Key(accountName, limits.accountFailures());
        LoginThrottle.Key address = new LoginThrottle.Key(LoginThrottle.addressKey(x.request()), limits.addressFailures());
        // decided before any hashing: a refused attempt costs no PBKDF2 run
        LoginThrottle.Decision d = loginThrottle.reserve(account, address);
        if (!d.allowed()) {
            tooManyAttempts(x, d, "Log in",
                    loginBody(x, tooManyMessage("failed log-ins for this account or from your address", d), next));
            return;
        }
        Optional<Users.User> user;
        try {
            user = users.verify(name, x.request().getParameter("password"));
        } catch (Users.BusyException e) {
            loginThrottle.release(account, address);
            busy(x);
            return;
        } catch (IOException | RuntimeException e) {
            loginThrottle.release(account, address);
            throw e;
        }
        if (user.isEmpty()) {
            loginThrottle.fail(account, address);
            x.html(401, Html.page(x, "Log in", loginBody(x, "Wrong user name or password.", next)));
            return;
        }
        loginThrottle.succeed(account, address);
        Sessions.login(x.request(), user.get());
        x.seeOther(next);
    }

    private void changePasswordForm(Exchange x) throws IOException {
        page(x, 200, "Change password", changePasswordBody(x, null));
    }

    private String changePasswordBody(Exchange x, String error) {
        return errorHtml(error)
                + "<form method=\"post\" action=\"/password\">" + Html.csrfField(x)
                + "<input type=\"hidden\" name=\"username\" autocomplete=\"username\" value=\"" + Html.esc(x.user()) + "\">"
                + "<label>Current password <input type=\"password\" name=\"current\" autocomplete=\"current-password\" "
                + "required></label>"
                + "<label>New password (" + checker.policy().minLength() + "+ characters) <input type=\"password\" "
                + "name=\"password\" id=\"new-password\" autocomplete=\"new-password\" required></label>"
                + PasswordFeedback.html(x)
                + "<button type=\"submit\" id=\"change-password\">Change password</button></form>";
    }

    /**
     * Checks the current password (throttled like a log-in, so this form is no way around the
     * log-in limits), then enforces the checker on the new one, then stores its hash and issues
     * a new session id.
     */
    private void changePassword(Exchange x) throws IOException {
        String name = x.user();
        String current = x.request().getParameter("current");
        String password = x.request().getParameter("password");
        if (current == null || password == null) {
            page(x, 400, "Change password", changePasswordBody(x, "Enter your current and your new password."));
            return;
        }
        LoginThrottle.Key account = new LoginThrottle.Key(LoginThrottle.accountKey(name), limits.accountFailures());
        LoginThrottle.Key address = new LoginThrottle.Key(LoginThrottle.addressKey(x.request()), limits.addressFailures());
        LoginThrottle.Decision d = loginThrottle.reserve(account, address);
        if (!d.allowed()) {
            PasswordFeedback.allowScript(x);
            tooManyAttempts(x, d, "Change password", changePasswordBody(x,
                    tooManyMessage("failed log-ins for this account or from your address", d)));
            return;
        }
        Optional<Users.User> user;
        try {
            user = users.verify(name, current);
        } catch (Users.BusyException e) {
            loginThrottle.release(account, address);
            busy(x);
            return;
        } catch (IOException | RuntimeException e) {
            loginThrottle.release(account, address);
            throw e;
        }
        if (user.isEmpty()) {
            loginThrottle.fail(account, address);
            page(x, 401, "Change password", changePasswordBody(x, "Your current password is wrong."));
            return;
        }
        loginThrottle.succeed(account, address);
        String problem = refusal(checker.check(password, PasswordContext.of(name, null)));
        if (problem == null && password.equals(current)) {
            problem = "Choose a password different from the current one.";
        }
        if (problem != null) {
            page(x, 400, "Change password", changePasswordBody(x, problem));
            return;
        }
        try {
            users.setPassword(user.get(), password);
        } catch (Users.BusyException e) {
            busy(x);
            return;
        }
        Sessions.login(x.request(), user.get());
        x.html(200, Html.page(x, "Password changed",
                "<p class=\"ok\" id=\"changed\">Your password was changed. This session has a new id.</p>"
                        + "<p><a href=\"/account\">Back to your account</a></p>"));
    }

    /**
     * As-you-type feedback for the sign-up and change-password forms: the checker's verdict as
     * JSON, computed locally (never the breach source), at most two at a time. The password comes
     * in a POST body over HTTPS with the form's CSRF token, is not logged and is not echoed.
     */
    private void passwordFeedback(Exchange x) throws IOException {
        if (!feedbackSlots.tryAcquire()) {
            x.response().setHeader("Retry-After", "1");
            io.portcullis.core.Problem.of(503, "password-feedback-busy", "Too many password checks at once; try again")
                    .write(x.response());
            return;
        }
        try {
            String password = x.request().getParameter("password");
            String name = x.user() != null ? x.user() : x.request().getParameter("username");
            PasswordVerdict v = feedbackChecker.check(password == null ? "" : password, PasswordContext.of(name, null));
            PasswordFeedback.writeJson(x, v);
        } finally {
            feedbackSlots.release();
        }
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
                + "planted before login is useless. Session started " + Html.time(session.getCreationTime())
                + "; it ends after " + session.getMaxInactiveInterval() / 60 + " idle minutes.</p>"
                + "<p>You have " + files.count(x.userId()) + " file(s). <a href=\"/files\">My files</a> · "
                + "<a href=\"/upload\">Upload</a> · <a href=\"/security\">Security report</a> · "
                + "<a href=\"/password\">Change password</a></p>"
                + "<p>Your password is stored as <code id=\"hash-algorithm\">" + Html.esc(users.algorithm(x.user()))
                + "</code> (re-hashed with the current algorithm and parameters at log-in when older).</p>";
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
            // the container keeps the standard attributes in this map too, in its own spelling
            boolean standard = List.of("name", "samesite", "secure", "httponly", "path", "max-age", "domain", "comment")
                    .contains(e.getKey().toLowerCase(java.util.Locale.ROOT));
            if (!standard && e.getValue() != null && !e.getValue().isBlank()) {
                row(b, e.getKey(), e.getValue());
            }
        }
        b.append("</table><h2>Deploy self-check</h2>").append(Hardening.deployCheckHtml(hardening));
        b.append("<script nonce=\"").append(Html.esc(x.nonce())).append("\">").append(LIVE_HEADERS_SCRIPT).append("</script>");
        if (!x.nonce().isEmpty()) { // this page alone may fetch (the app's header wins over the filter's)
            String source = "'nonce-" + x.nonce() + "'";
            x.response().setHeader("Content-Security-Policy", String.format(Hardening.SECURITY_PAGE_CSP, source, source));
        }
        x.html(200, Html.page(x, "Security report", b.toString()));
    }

    private static final byte[] FAVICON = favicon();

    /** A 32x32 PNG portcullis (browsers accept PNG bytes at /favicon.ico), cached for a day. */
    private static void favicon(Exchange x) throws IOException {
        x.response().setContentType("image/png");
        x.response().setHeader("Cache-Control", "public, max-age=86400");
        x.response().setContentLength(FAVICON.length);
        x.response().getOutputStream().write(FAVICON);
    }

    private static byte[] favicon() {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(32, 32, java.awt.image.BufferedImage.TYPE_INT_ARGB);
        for (int y = 2; y < 30; y++) {
            for (int x = 4; x < 28; x++) {
                boolean bar = (x - 4) % 6 < 2 || (y - 2) % 7 < 2 || y < 5;
                if (bar) {
                    img.setRGB(x, y, 0xff2a6f97);
                }
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
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
