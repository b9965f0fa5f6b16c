package io.portcullis.sendfile;

import io.portcullis.testing.RealServer;
import java.nio.file.Path;

class ApacheFrontServerTest extends FrontServerContract {

    @Override
    Backend backend() {
        return Backend.APACHE;
    }

    @Override
    boolean refusesSymlinkInOffloadedPath() {
        return false;
    }

    @Override
    RealServer.Binary binary() {
        return RealServer.Binary.APACHE2;
    }

    @Override
    String serverConfig(Path c, int port, int appPort, String generated) {
        String m = "/usr/lib/apache2/modules/";
        return "ServerRoot /etc/apache2\n"
                + "DefaultRuntimeDir " + c + "\n"
                + "PidFile " + c + "/apache.pid\n"
                + "Listen 127.0.0.1:" + port + "\n"
                + "LoadModule mpm_event_module " + m + "mod_mpm_event.so\n"
                + "LoadModule authz_core_module " + m + "mod_authz_core.so\n"
                + "LoadModule proxy_module " + m + "mod_proxy.so\n"
                + "LoadModule proxy_http_module " + m + "mod_proxy_http.so\n"
                + "ErrorLog " + c + "/apache.err\n"
                + "ServerName localhost\n"
                + "User www-data\n"
                + "Group www-data\n"
                + generated
                + "ProxyPass / http://127.0.0.1:" + appPort + "/\n";
    }
}
