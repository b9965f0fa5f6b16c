package io.portcullis.sendfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Golden snippets: the exact text users paste. */
class FrontServerConfigTest {

    @TempDir
    Path root;

    @Test
    void nginxLocationIsInternalAliasesTheRealRootAndRestoresHeaders() throws Exception {
        String r = root.toRealPath().toString();
        String nginx = FrontServerConfig.of(SendfilePolicy.builder(root).backend(Backend.NGINX).build()).nginx();
        assertThat(nginx).isEqualTo("""
                # Portcullis sendfile (backend nginx): X-Accel-Redirect targets under /_portcullis_protected/
                # internal: a client asking for /_portcullis_protected/... directly gets 404.
                # nginx keeps only Content-Type, Content-Disposition, Cache-Control, Expires, Set-Cookie and
                # Accept-Ranges from the app on X-Accel-Redirect; add_header restores the security headers.
                location ^~ /_portcullis_protected/ {
                    internal;
                    alias ROOT/;
                    disable_symlinks on;
                    add_header X-Content-Type-Options "nosniff" always;
                    add_header Content-Security-Policy $upstream_http_content_security_policy always;
                    add_header Strict-Transport-Security $upstream_http_strict_transport_security always;
                    add_header Referrer-Policy $upstream_http_referrer_policy always;
                    add_header X-Frame-Options $upstream_http_x_frame_options always;
                    add_header Cross-Origin-Resource-Policy $upstream_http_cross_origin_resource_policy always;
                    add_header Cross-Origin-Opener-Policy $upstream_http_cross_origin_opener_policy always;
                    add_header Permissions-Policy $upstream_http_permissions_policy always;
                }
                """.replace("ROOT", r));
    }

    @Test
    void apacheLinesNameTheRealRoot() throws Exception {
        String apache = FrontServerConfig.of(SendfilePolicy.builder(root).backend(Backend.APACHE).build()).apache();
        assertThat(apache).contains("XSendFile On\nXSendFilePath " + root.toRealPath() + "\n")
                .contains("#   RequestHeader unset X-Forwarded-Port\n", "#   RequestHeader unset Forwarded\n");
    }

    @Test
    void lighttpdEnablesXSendfilePerProxiedHostWithTrailingSlashDocroot() throws Exception {
        String l = FrontServerConfig.of(SendfilePolicy.builder(root).backend(Backend.LIGHTTPD).build()).lighttpd("127.0.0.1", 8080);
        assertThat(l).isEqualTo("""
                # Portcullis sendfile (backend lighttpd): X-Sendfile from the app, only under the root.
                server.modules += ("mod_proxy")
                proxy.server = ("" => (("host" => "127.0.0.1", "port" => 8080,
                                        "x-sendfile" => "enable",
                                        "x-sendfile-docroot" => ("ROOT/"))))
                # Without this lighttpd sends a file replaced in the last second with its old length (cut short)
                # and answers 304 to its old ETag. Global key: drop any other server.stat-cache-engine line.
                server.stat-cache-engine = "disable"
                # The app sends real paths: a symlink found at delivery was swapped in after its check.
                # Global key (lighttpd then follows no symlink anywhere): drop any other server.follow-symlink line.
                server.follow-symlink = "disable"
                # A client's own X-Forwarded-Port and Forwarded would pass through proxy.server: cleared here
                # (docs/hardening-filters.md; merge into an existing setenv.set-request-header if you have one).
                server.modules += ("mod_setenv")
                setenv.set-request-header = ("X-Forwarded-Port" => "", "Forwarded" => "")
                """.replace("ROOT", root.toRealPath().toString()));
        assertThatThrownBy(() -> FrontServerConfig.of(SendfilePolicy.builder(root).build()).lighttpd("x\" => 1", 80))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void forBackendPicksTheConfiguredServer() {
        assertThat(FrontServerConfig.of(SendfilePolicy.builder(root).build()).forBackend("h", 1)).contains("direct");
        assertThat(FrontServerConfig.of(SendfilePolicy.builder(root).backend(Backend.APACHE).build()).forBackend("h", 1))
                .contains("XSendFile On");
    }
}
