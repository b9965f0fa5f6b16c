package io.portcullis.sendfile;

import io.portcullis.testing.RealServer;
import java.nio.file.Path;

class NginxFrontServerTest extends FrontServerContract {

    @Override
    Backend backend() {
        return Backend.NGINX;
    }

    @Override
    RealServer.Binary binary() {
        return RealServer.Binary.NGINX;
    }

    @Override
    String serverConfig(Path c, int port, int appPort, String generated) {
        return "daemon off; pid " + c + "/nginx.pid; error_log " + c + "/nginx.err;\n"
                + "events {}\n"
                + "http {\n"
                + "  access_log off;\n"
                + "  client_body_temp_path " + c + "/nb; proxy_temp_path " + c + "/np; fastcgi_temp_path " + c + "/nf;\n"
                + "  uwsgi_temp_path " + c + "/nu; scgi_temp_path " + c + "/ns;\n"
                + "  server {\n"
                + "    listen 127.0.0.1:" + port + ";\n"
                + generated
                + "    location / { proxy_pass http://127.0.0.1:" + appPort + "; }\n"
                + "  }\n"
                + "}\n";
    }
}
