package io.portcullis.demo;

import io.portcullis.core.Problem;
import io.portcullis.sendfile.Disposition;
import io.portcullis.sendfile.SendOptions;
import io.portcullis.sendfile.Sendfile;
import io.portcullis.sendfile.SendfilePolicy;
import io.portcullis.sendfile.UrlSigner;
import io.portcullis.sendfile.LinkCheck;
import io.portcullis.upload.StoredFile;
import io.portcullis.upload.UploadGuardFilter;
import io.portcullis.upload.UploadedFile;
import io.portcullis.upload.UploadPolicy;
import io.portcullis.upload.UploadStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Upload, list, download and share. Uploads are judged by upload-guard and kept in its
 * {@link UploadStore} under random ids; this class only records who owns which id. Downloads
 * are authorised here and delivered by sendfile-support; share links are signed by its
 * {@link UrlSigner}.
 */
final class UserFiles {

    /** What the demo accepts: the images preset plus PDF and plain text. */
    static final List<String> ALLOWED = List.of("jpg", "jpeg", "png", "gif", "webp", "pdf", "txt");
    /** Share link lifetimes offered on the form, in minutes. */
    static final List<Integer> LIFETIMES = List.of(5, 60, 1440, 10080);
    /** Where stored files that no database row owns are moved at start. */
    static final String ORPHANS = "orphaned-uploads";

    private final UploadPolicy policy;
    private final UploadStore store;
    private final FileIndex index;
    private final Sendfile sendfile;
    private final UrlSigner signer;

    private static final System.Logger LOG = System.getLogger(UserFiles.class.getName());

    /**
     * Opens the upload store and sweeps what a crash left in its staging. A stored file the
     * database does not know (a crash between the store's commit and the row's commit, or a
     * database moved away) is moved to {@code orphaned-uploads/} under the data directory, never
     * deleted: nobody can see it through the app, and an operator can still recover it.
     */
    UserFiles(DemoConfig config, Path data, Database db, byte[] key) throws IOException {
        this.policy = UploadPolicy.builder().allow(ALLOWED.toArray(String[]::new))
                .maxFileSize(DemoServer.MAX_UPLOAD).maxRequestSize(DemoServer.MAX_UPLOAD + Router.MULTIPART_OVERHEAD)
                .tempDir(data.resolve("tmp")).build();
        this.store = UploadStore.at(data.resolve("uploads"));
        this.index = new FileIndex(db);
        UploadStore.Sweep swept = store.sweep();
        int orphans = 0;
        java.util.Set<String> known = index.allIds();
        Path orphanage = data.resolve(ORPHANS);
        for (StoredFile f : store.list()) {
            if (!known.contains(f.id())) {
                Files.createDirectories(orphanage);
                Files.move(f.path(), orphanage.resolve(f.id()), StandardCopyOption.ATOMIC_MOVE);
                Files.move(store.root().resolve("meta").resolve(f.id() + ".properties"),
                        orphanage.resolve(f.id() + ".properties"), StandardCopyOption.ATOMIC_MOVE);
                orphans++;
            }
        }
        if (swept.total() + orphans > 0) {
            LOG.log(System.Logger.Level.INFO, "upload store: removed " + swept.staging() + " staging file(s) and "
                    + swept.incomplete() + " incomplete commit(s); moved " + orphans + " file(s) no user owns to " + orphanage);
        }
        this.sendfile = new Sendfile(SendfilePolicy.builder(store.root().resolve("data"))
                .backend(config.sendfileBackend()).build());
        this.signer = UrlSigner.builder().key("k1", Keys.derive(key, "share-links"))
                .currentKey("k1").maxLifetime(Duration.ofDays(7)).build();
    }

    /**
     * What upload-guard's {@code UploadGuardFilter} in front of {@code POST /upload} checks: the
     * {@link #ALLOWED} types, {@link DemoServer#MAX_UPLOAD} per file, spooled under the data
     * directory's {@code tmp/} (swept at start).
     */
    UploadPolicy policy() {
        return policy;
    }

    /** The sendfile policy in use (for the front-server configuration of the nginx test). */
    SendfilePolicy sendfilePolicy() {
        return sendfile.policy();
    }

    int count(String ownerId) throws IOException {
        return index.count(ownerId);
    }

    void uploadForm(Exchange x) throws IOException {
        x.html(200, Html.page(x, "Upload", uploadFormHtml(x)));
    }

    private static String uploadFormHtml(Exchange x) {
        return "<p>Allowed: " + Html.esc(String.join(", ", ALLOWED)) + ", up to " + DemoServer.MAX_UPLOAD / (1024 * 1024)
                + " MiB. The type is decided from the bytes, not the name or the browser's Content-Type. "
                + "Try a PHP script renamed to <code>.png</code>.</p>"
                + "<form method=\"post\" action=\"/upload\" enctype=\"multipart/form-data\">" + Html.csrfField(x)
                + "<label>File <input type=\"file\" name=\"file\" id=\"file\" required></label>"
                + "<button type=\"submit\" id=\"upload\">Upload</button></form>";
    }

    /**
     * Stores what upload-guard's {@code UploadGuardFilter} accepted: it parsed the body, judged
     * every file part with {@link #policy} and answered any refusal itself (with its reason code),
     * so only accepted files reach this handler, in {@link UploadGuardFilter#FILES}.
     */
    void upload(Exchange x) throws IOException {
        @SuppressWarnings("unchecked")
        List<UploadedFile> parts = (List<UploadedFile>) x.request().getAttribute(UploadGuardFilter.FILES);
        UploadedFile part = parts == null ? null
                : parts.stream().filter(p -> p.getName().equals("file")).findFirst().orElse(null);
        if (part == null) {
            x.html(400, Html.page(x, "Upload", "<p class=\"bad\" id=\"verdict\">No file in the form.</p>"
                    + uploadFormHtml(x)));
            return;
        }
        CrashPoints.reach(CrashPoints.UPLOAD_SPOOLED);
        StoredFile f = store.save(part); // a move of the guard's spooled file, no copy
        CrashPoints.reach(CrashPoints.UPLOAD_STORED);
        try {
            index.add(new FileIndex.Entry(f.id(), x.userId(), f.filename(), f.contentType(), f.size(), f.storedAt()));
        } catch (IOException | RuntimeException e) {
            store.delete(f.id()); // not recorded, so not kept: nothing is left that nobody can see
            throw e;
        }
        StringBuilder b = new StringBuilder();
        b.append("<p class=\"ok\" id=\"verdict\" data-accepted=\"true\">Accepted: <strong>").append(Html.esc(f.filename()))
                .append("</strong> is <code>").append(Html.esc(f.contentType())).append("</code>, ")
                .append(f.size()).append(" bytes, SHA-256 <code>").append(Html.esc(f.sha256())).append("</code>.</p>")
                .append("<p><a id=\"download\" href=\"/files/").append(Html.esc(f.id())).append("\">Download it</a> · ")
                .append("<a href=\"/files\">My files</a></p>");
        x.html(201, Html.page(x, "Upload accepted", b.toString() + uploadFormHtml(x)));
    }

    /**
     * The guard's refusal (its problem+json, read back by {@link UploadAnswers}) as a page for a
     * browser: the same status and reason codes. The CSRF filter never ran for this request (the
     * guard answered first), so the page has no form: it links back to the upload form.
     */
    static void refusalPage(Exchange x, int status, Map<String, Object> problem) throws IOException {
        List<?> reasons = (List<?>) problem.get("reasons");
        StringBuilder b = new StringBuilder();
        b.append("<p class=\"bad\" id=\"verdict\" data-accepted=\"false\">Rejected: ")
                .append(Html.esc(String.valueOf(problem.getOrDefault("detail", problem.get("title"))))).append("</p>")
                .append("<p>Reason codes: <code id=\"reasons\">")
                .append(Html.esc(String.join(", ", reasons.stream().map(String::valueOf).toList())))
                .append("</code></p><table>");
        DemoApplication.row(b, "file name", String.valueOf(problem.getOrDefault("filename", "")));
        DemoApplication.row(b, "type detected from the bytes", String.valueOf(problem.getOrDefault("detectedType", "")));
        b.append("</table><p><a href=\"/upload\">Upload another file</a></p>");
        x.html(status, Html.page(x, "Upload rejected", b.toString()));
    }

    void list(Exchange x) throws IOException {
        List<FileIndex.Entry> mine = index.of(x.userId());
        StringBuilder b = new StringBuilder();
        if (mine.isEmpty()) {
            b.append("<p id=\"files\">No files yet. <a href=\"/upload\">Upload one</a>.</p>");
        } else {
            b.append("<table id=\"files\"><thead><tr><th>Name</th><th>Type</th><th>Bytes</th><th>Uploaded</th>")
                    .append("<th>Share link</th></tr></thead><tbody>");
            for (FileIndex.Entry e : mine) {
                b.append("<tr><td><a href=\"/files/").append(Html.esc(e.id())).append("\">").append(Html.esc(e.name()))
                        .append("</a></td><td><code>").append(Html.esc(e.mediaType())).append("</code></td><td>")
                        .append(e.size()).append("</td><td>").append(Html.time(e.uploaded())).append("</td><td>")
                        .append("<form method=\"post\" action=\"/files/").append(Html.esc(e.id())).append("/share\">")
                        .append(Html.csrfField(x)).append("<label>valid for <select name=\"minutes\">");
                for (int m : LIFETIMES) {
                    b.append("<option value=\"").append(m).append("\"").append(m == 60 ? " selected" : "").append(">")
                            .append(lifetime(m)).append("</option>");
                }
                b.append("</select></label><label>embargo: available after <input name=\"embargo\" type=\"number\" ")
                        .append("min=\"0\" max=\"10080\" value=\"0\" size=\"5\"> minutes</label>")
                        .append("<button type=\"submit\">Create link</button></form></td></tr>");
            }
            b.append("</tbody></table>");
        }
        x.html(200, Html.page(x, "My files", b.toString()));
    }

    void download(Exchange x) throws IOException {
        Optional<FileIndex.Entry> mine = index.owned(x.param("id"), x.userId());
        if (mine.isEmpty()) {
            notFound(x); // another user's file looks exactly like one that does not exist
            return;
        }
        send(x, mine.get().id());
    }

    void share(Exchange x) throws IOException {
        Optional<FileIndex.Entry> mine = index.owned(x.param("id"), x.userId());
        if (mine.isEmpty()) {
            notFound(x);
            return;
        }
        int minutes = intParam(x, "minutes", 60);
        int embargo = intParam(x, "embargo", 0);
        if (!LIFETIMES.contains(minutes) || embargo < 0 || embargo >= minutes) {
            Problem.of(400, "share-link-invalid", "Choose a lifetime from the list and an embargo shorter than it")
                    .write(x.response());
            return;
        }
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        UrlSigner.Link link = signer.link("/s/" + mine.get().id()).expiresAt(now.plus(Duration.ofMinutes(minutes)));
        if (embargo > 0) {
            link.notBefore(now.plus(Duration.ofMinutes(embargo)));
        }
        String path = link.sign();
        index.addLink(signature(path), mine.get().id(), embargo > 0 ? now.plus(Duration.ofMinutes(embargo)) : null,
                now.plus(Duration.ofMinutes(minutes)));
        String url = "https://" + x.request().getServerName() + port(x) + path;
        StringBuilder b = new StringBuilder("<p>Anyone with this link can download <strong>")
                .append(Html.esc(mine.get().name())).append("</strong>")
                .append(embargo > 0 ? " from " + Html.time(now.plus(Duration.ofMinutes(embargo))) : "")
                .append(" until ").append(Html.time(now.plus(Duration.ofMinutes(minutes))))
                .append(". Change one character and it stops working.</p><p><code id=\"share-link\">")
                .append(Html.esc(url)).append("</code></p><p><a href=\"").append(Html.esc(path))
                .append("\" id=\"share-open\">Open it</a> · <a href=\"/files\">My files</a></p>");
        x.html(200, Html.page(x, "Share link", b.toString()));
    }

    void shared(Exchange x) throws IOException {
        LinkCheck check = signer.verify(x.request().getRequestURI(), x.request().getQueryString(), null);
        if (check != LinkCheck.VALID) {
            Problem.of(check.status(), check.code(), "This share link is not valid").write(x.response());
            return;
        }
        String sig = signature(x.request().getRequestURI() + "?" + x.request().getQueryString());
        if (index.get(x.param("token")).isEmpty() || !index.linkExists(sig, x.param("token"))) {
            notFound(x); // a valid signature for a file or link the database no longer has
            return;
        }
        send(x, x.param("token"));
    }

    private void send(Exchange x, String id) throws IOException {
        Optional<StoredFile> f = store.find(id);
        if (f.isEmpty()) {
            notFound(x);
            return;
        }
        sendfile.send(x.request(), x.response(), id, SendOptions.builder()
                .contentType(f.get().contentType())
                .downloadName(f.get().filename())
                .disposition(Disposition.ATTACHMENT)
                .sandbox(true)
                .build());
    }

    private static void notFound(Exchange x) throws IOException {
        Problem.of(404, "not-found", "Not found").write(x.response());
    }

    private static int intParam(Exchange x, String name, int def) {
        String v = x.request().getParameter(name);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String port(Exchange x) {
        int p = x.request().getServerPort();
        return p == 443 ? "" : ":" + p;
    }

    private static String lifetime(int minutes) {
        return minutes < 60 ? minutes + " minutes" : minutes < 1440 ? minutes / 60 + " hour" : minutes == 1440 ? "1 day" : minutes / 1440 + " days";
    }

    /** The {@code sig} parameter of a signed path: the share link's key in the database. */
    private static String signature(String pathAndQuery) {
        int i = pathAndQuery.indexOf("sig=");
        if (i < 0) {
            return "";
        }
        int end = pathAndQuery.indexOf('&', i);
        return pathAndQuery.substring(i + 4, end < 0 ? pathAndQuery.length() : end);
    }
}
