package io.portcullis.sendfile;

import io.portcullis.core.ConfigException;
import io.portcullis.core.ContentDisposition;
import io.portcullis.core.Problem;
import io.portcullis.core.Settings;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Sends a file the application has already authorised: the application decides <em>whether</em>,
 * the front server (or the container, for {@link Backend#DIRECT}) delivers the bytes.
 *
 * <pre>{@code
 * Sendfile sendfile = new Sendfile(SendfilePolicy.fromSettings(Settings.fromSystem()));
 * // in a servlet, after the access check:
 * sendfile.send(request, response, "reports/q3.pdf",
 *         SendOptions.builder().contentType("application/pdf").disposition(Disposition.INLINE).build());
 * }</pre>
 *
 * <p>What every answer carries: {@code X-Content-Type-Options: nosniff}, the policy's
 * {@code Cache-Control} (default {@code private, no-cache}; {@code public} is refused),
 * an RFC 6266 {@code Content-Disposition} (default attachment with the file's own name) and,
 * when asked or when the type is active (HTML, SVG, XML), {@code Content-Security-Policy: sandbox}.
 * Never a {@code Content-Encoding}.
 *
 * <p>Offloading backends answer 200 with the offload header and an empty body; ranges,
 * conditionals and HEAD are then answered by the front server from the original request, so
 * a 206 or 304 never carries {@code X-Sendfile}/{@code X-Accel-Redirect}. The backend comes
 * from the policy only: no request header is ever read to choose or map it.
 *
 * <p>A name that does not resolve to a regular file inside the real root (absolute, {@code ..},
 * NUL, a symlink leading out, a directory, missing) gets a 404 problem answer and nothing else.
 * Thread-safe; create one per policy at startup.
 */
public final class Sendfile {

    private static final System.Logger LOG = System.getLogger(Sendfile.class.getName());

    private final SendfilePolicy policy;
    private final Confinement confinement;
    private final DirectResponder direct;

    public Sendfile(SendfilePolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.confinement = new Confinement(policy.realRoot());
        this.direct = new DirectResponder(policy);
    }

    /**
     * From the {@code portcullis.sendfile.*} keys.
     *
     * @throws ConfigException when a key is unknown or a value is bad
     */
    public static Sendfile fromSettings(Settings settings) {
        return new Sendfile(SendfilePolicy.fromSettings(settings));
    }

    public SendfilePolicy policy() {
        return policy;
    }

    /**
     * The real path of the regular file {@code name} names inside the root, or empty when the
     * name is refused (absolute, {@code ..}, NUL, symlink escape, directory, missing). Lets an
     * application check existence before its own logic; {@link #send} does the same check.
     */
    public Optional<Path> resolve(String name) {
        return confinement.resolve(name);
    }

    /** {@link #send(HttpServletRequest, HttpServletResponse, String, SendOptions)} with {@link SendOptions#defaults()}. */
    public SendOutcome send(HttpServletRequest request, HttpServletResponse response, String name) throws IOException {
        return send(request, response, name, SendOptions.defaults());
    }

    /**
     * Answers {@code request} with the file {@code name} (relative to the root, '/'-separated,
     * taken literally: not URL-decoded).
     *
     * @return what was answered
     * @throws IllegalStateException when the response is already committed
     */
    public SendOutcome send(HttpServletRequest request, HttpServletResponse response, String name, SendOptions options)
            throws IOException {
        if (response.isCommitted()) {
            throw new IllegalStateException("response already committed");
        }
        Optional<Path> resolved = confinement.resolve(name);
        BasicFileAttributes attrs = null;
        if (resolved.isPresent()) {
            try {
                attrs = Files.readAttributes(resolved.get(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                resolved = Optional.empty();
            }
        }
        if (resolved.isEmpty() || !attrs.isRegularFile()) {
            LOG.log(Level.DEBUG, () -> "sendfile refused name " + ConfigException.quote(name));
            Problem.of(404, "NOT_FOUND", "Not found").write(response);
            return SendOutcome.NOT_FOUND;
        }
        Path file = resolved.get();
        response.resetBuffer();
        String fileName = file.getFileName().toString();
        String contentType = options.contentType().orElseGet(() -> ContentTypes.detect(fileName));
        String downloadName = options.downloadName().orElse(fileName);
        Disposition disposition = options.disposition().orElse(policy.disposition());
        String cd = disposition == Disposition.INLINE ? ContentDisposition.inline(downloadName) : ContentDisposition.attachment(downloadName);
        boolean sandbox = options.sandbox().orElse(policy.cspSandbox()) || ContentTypes.active(contentType);

        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Cache-Control", options.cacheControl().orElse(policy.cacheControl()));
        if (sandbox) {
            response.setHeader("Content-Security-Policy", "sandbox");
        }
        Backend backend = policy.backend();
        if (!backend.offloads()) {
            long mtimeNanos = attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
            return direct.respond(request, response, file, attrs.size(), mtimeNanos, contentType, cd);
        }
        String target = PathEncoding.headerValue(backend, policy, file.toString(), confinement.relative(file));
        if (target == null) {
            LOG.log(Level.WARNING, () -> "sendfile refused a path with a control character: " + ConfigException.quote(file.toString()));
            Problem.of(404, "NOT_FOUND", "Not found").write(response);
            return SendOutcome.NOT_FOUND;
        }
        response.setStatus(200);
        response.setContentType(contentType);
        response.setHeader("Content-Disposition", cd);
        response.setHeader(backend.offloadHeader(), target);
        if (backend == Backend.APACHE) {
            // mod_xsendfile 0.12 (Debian/Ubuntu) gives every file the same ETag "0": If-None-Match "0"
            // is then a 304 for any file and If-Range "0" splices a changed file into an old one. It keeps
            // an ETag the application set, and Apache evaluates the conditionals against it.
            response.setHeader("ETag", DirectResponder.etag(attrs.size(), attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS)));
        }
        if (backend == Backend.NGINX) {
            policy.nginxBuffering().ifPresent(b -> response.setHeader("X-Accel-Buffering", b ? "yes" : "no"));
            if (policy.nginxLimitRate() > 0) {
                response.setHeader("X-Accel-Limit-Rate", Long.toString(policy.nginxLimitRate()));
            }
            response.setHeader("X-Accel-Expires", Long.toString(policy.nginxExpires()));
        }
        response.setContentLength(0);
        return SendOutcome.OFFLOADED;
    }
}
