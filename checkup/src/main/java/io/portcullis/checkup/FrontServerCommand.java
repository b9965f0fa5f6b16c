package io.portcullis.checkup;

import io.portcullis.core.ConfigException;
import io.portcullis.sendfile.Backend;
import io.portcullis.sendfile.FrontServerConfig;
import io.portcullis.sendfile.SendfilePolicy;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code checkup front-server nginx|apache|lighttpd --root DIR [--location PREFIX] [--app HOST:PORT]
 * [--apache-unescape]}: prints the front-server configuration that delivers the application's
 * X-Accel-Redirect / X-Sendfile answers from {@code DIR}, the same text sendfile-support's
 * {@code FrontServerConfig} generates. {@code DIR} is the directory on the server the snippet is
 * for; it need not exist on the machine that prints it. Exit 0, or 2 on bad usage.
 */
@Command(name = "front-server", mixinStandardHelpOptions = true,
        description = {"Prints the nginx, Apache (mod_xsendfile) or lighttpd configuration",
            "that serves the files the application names in X-Accel-Redirect /",
            "X-Sendfile answers (portcullis-sendfile-support). DIR is their directory",
            "on the server; it need not exist where this runs.",
            "Exit 0, or 2 on bad usage."})
final class FrontServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SERVER", description = "nginx, apache or lighttpd.")
    String server;

    @Option(names = "--root", required = true, paramLabel = "DIR",
            description = "Absolute directory of the files on the server (portcullis.sendfile.root of the application).")
    String root;

    @Option(names = "--location", paramLabel = "PREFIX", defaultValue = SendfilePolicy.DEFAULT_NGINX_PREFIX,
            description = "nginx only: the internal location the application's X-Accel-Redirect paths start with "
                    + "(portcullis.sendfile.nginx.internal-prefix; default: ${DEFAULT-VALUE}).")
    String location;

    @Option(names = "--app", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
            description = "lighttpd only: where the application listens (default: ${DEFAULT-VALUE}).")
    String app;

    @Option(names = "--apache-unescape",
            description = "Apache only: mod_xsendfile 1.0, which unescapes the path (portcullis.sendfile.apache.unescape=true); "
                    + "Debian's 0.12 takes raw bytes (the default).")
    boolean apacheUnescape;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        Backend backend = switch (server.toLowerCase(Locale.ROOT)) {
            case "nginx" -> Backend.NGINX;
            case "apache" -> Backend.APACHE;
            case "lighttpd" -> Backend.LIGHTTPD;
            default -> throw new CommandLine.ParameterException(cl,
                    "SERVER must be one of nginx, apache, lighttpd; got '" + server + "'");
        };
        Path dir;
        try {
            dir = Path.of(root);
        } catch (java.nio.file.InvalidPathException e) {
            throw new CommandLine.ParameterException(cl, "--root is not a path: " + e.getMessage());
        }
        int colon = app.lastIndexOf(':');
        int port;
        try {
            port = colon < 1 ? -1 : Integer.parseInt(app.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new CommandLine.ParameterException(cl, "--app must be HOST:PORT with a port in [1, 65535]; got '" + app + "'");
        }
        String text;
        try {
            text = FrontServerConfig.forRoot(backend, dir, location, apacheUnescape).forBackend(app.substring(0, colon), port);
        } catch (ConfigException e) {
            throw new CommandLine.ParameterException(cl, "--" + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--app: " + e.getMessage());
        }
        cl.getOut().print(text);
        cl.getOut().flush();
        return 0;
    }
}
