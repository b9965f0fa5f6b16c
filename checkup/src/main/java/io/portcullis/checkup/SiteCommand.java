package io.portcullis.checkup;

import io.portcullis.checkup.site.Grade;
import io.portcullis.checkup.site.HtmlReport;
import io.portcullis.checkup.site.JsonReport;
import io.portcullis.checkup.site.Report;
import io.portcullis.checkup.site.SiteAudit;
import io.portcullis.checkup.site.TextReport;
import io.portcullis.core.WireToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code checkup site URL}: audits a running site from outside and grades it with the MDN HTTP
 * Observatory's published modifiers, plus checkup's own checks (transport, TLS, HSTS, cookies,
 * headers, behaviour, protected paths). Exit codes: 0 pass, 1 a check failed or the grade is
 * below {@code --min-grade}, 2 bad usage, 3 the site could not be reached or the audit could not
 * complete (the message says why).
 */
@Command(name = "site", mixinStandardHelpOptions = true,
        description = {"Audits a running site: HTTPS redirect, certificate, TLS versions and ciphers, HSTS, "
                + "cookies, security headers (CSP parsed), CORS, TRACE, error pages and protected paths; "
                + "grades it with the MDN HTTP Observatory modifiers.",
                "Exit codes: 0 pass; 1 a check failed or the grade is below --min-grade; 2 bad usage; "
                + "3 the site could not be reached."},
        sortOptions = false)
final class SiteCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL",
            description = "Site to audit, http://host[:port][/path] (preferred: the redirect to HTTPS is checked too) "
                    + "or https://host[:port][/path].")
    String url;

    @Option(names = "--json", description = "Print the report as JSON instead of text.")
    boolean json;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write a self-contained HTML report to FILE.")
    Path html;

    @Option(names = "--cacert", paramLabel = "PEM",
            description = "Trust only the CA certificate(s) in this PEM file (for a private CA or a self-signed test "
                    + "certificate) instead of the JDK's CA list.")
    Path caCert;

    @Option(names = "--protected", paramLabel = "PATH", split = ",",
            description = "Paths that must be denied to an anonymous client (401, 403 or a redirect to a login page), "
                    + "comma separated, e.g. /admin,/account.")
    List<String> protectedPaths = new ArrayList<>();

    @Option(names = "--min-grade", paramLabel = "GRADE", defaultValue = "B",
            description = "Lowest passing grade: A+, A, A-, B+, B, B-, C+, C, C-, D+, D, D-, F (default: ${DEFAULT-VALUE}).")
    String minGrade;

    @Option(names = "--preload-list", paramLabel = "FILE",
            description = "Chromium's HSTS preload list (net/http/transport_security_state_static.json) to check "
                    + "preload status against; checkup cannot download it. Without it the report says preload status "
                    + "was not checked.")
    Path preloadList;

    @Option(names = "--no-color", description = "No colour, even on a terminal (also: the NO_COLOR environment "
            + "variable; piped output is never coloured).")
    boolean noColor;

    /** Environment and terminal, replaceable by tests. */
    java.util.function.Function<String, String> env = System::getenv;
    java.util.function.IntPredicate terminal = io.portcullis.checkup.cli.Terminal::isTerminal;

    @Override
    public Integer call() {
        SiteAudit.Options options = options();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Report report;
        try {
            io.portcullis.checkup.cli.StageProgress progress = new io.portcullis.checkup.cli.StageProgress(err,
                    terminal.test(2), System::nanoTime);
            report = new SiteAudit(options, progress).run();
        } catch (SiteAudit.PreloadListException e) {
            throw new ParameterException(spec.commandLine(), "--preload-list " + e.getMessage());
        } catch (SiteAudit.UnreachableException e) {
            err.println("checkup site: " + e.getMessage());
            err.flush();
            return Report.UNREACHABLE;
        } catch (CertificateException e) {
            throw new ParameterException(spec.commandLine(), "--cacert " + caCert + " is not a PEM certificate file: "
                    + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new ParameterException(spec.commandLine(), "--cacert " + caCert + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            err.println("checkup site: the audit of " + url + " stopped: " + e);
            err.flush();
            return Report.UNREACHABLE;
        }
        java.util.Map<String, String> environment = new java.util.HashMap<>();
        String noColorEnv = env.apply("NO_COLOR");
        if (noColorEnv != null) {
            environment.put("NO_COLOR", noColorEnv);
        }
        boolean colour = io.portcullis.checkup.cli.Terminal.colour(noColor, environment, terminal.test(1));
        out.print(json ? JsonReport.render(report)
                : TextReport.render(report, new io.portcullis.checkup.cli.Terminal.Palette(colour)));
        out.flush();
        if (html != null) {
            try {
                writeAtomically(html, HtmlReport.render(report));
            } catch (IOException e) {
                err.println("checkup site: cannot write --html " + html + ": " + e.getMessage());
                err.flush();
                return Checkup.EXIT_USAGE;
            }
        }
        return report.exitCode();
    }

    private SiteAudit.Options options() {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw usage("URL \"" + url + "\" is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw usage("URL must start with http:// or https://; got \"" + url + "\"");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw usage("URL must be http(s)://host[:port][/path] without user info or fragment; got \"" + url + "\"");
        }
        Grade grade;
        try {
            grade = WireToken.lookup(Grade.class, "--min-grade", minGrade.trim());
        } catch (RuntimeException e) {
            throw usage(e.getMessage());
        }
        if (caCert != null && (!Files.isRegularFile(caCert) || !Files.isReadable(caCert))) {
            throw usage("--cacert " + caCert + " is not a readable file");
        }
        if (html != null) {
            Path parent = html.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw usage("--html " + html + ": folder " + parent + " does not exist");
            }
            if (Files.isDirectory(html)) {
                throw usage("--html " + html + " is a folder; give a file name");
            }
        }
        if (preloadList != null && (!Files.isRegularFile(preloadList) || !Files.isReadable(preloadList))) {
            throw usage("--preload-list " + preloadList + " is not a readable file");
        }
        List<String> paths = new ArrayList<>();
        for (String p : protectedPaths) {
            String t = p.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (!t.startsWith("/") || t.startsWith("//") || t.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
                throw usage("--protected paths must start with a single / and contain no spaces; got \"" + p + "\"");
            }
            try {
                URI.create(t);
            } catch (IllegalArgumentException e) {
                throw usage("--protected path \"" + p + "\" is not a valid URL path (percent-encode special characters)");
            }
            paths.add(t);
        }
        return new SiteAudit.Options(uri, caCert, paths, grade, preloadList);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        Path abs = target.toAbsolutePath();
        Path tmp = Files.createTempFile(abs.getParent(), ".checkup-", ".html.tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                // a report is meant to be shared: not the 0600 of a temp file
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep its defaults
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
