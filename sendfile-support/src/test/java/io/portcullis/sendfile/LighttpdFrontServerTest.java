package io.portcullis.sendfile;

import io.portcullis.testing.RealServer;
import java.nio.file.Path;

class LighttpdFrontServerTest extends FrontServerContract {

    @Override
    Backend backend() {
        return Backend.LIGHTTPD;
    }

    @Override
    RealServer.Binary binary() {
        return RealServer.Binary.LIGHTTPD;
    }

    @Override
    String serverConfig(Path c, int port, int appPort, String generated) {
        return "server.document-root = \"" + c + "/empty\"\n"
                + "server.port = " + port + "\n"
                + "server.bind = \"127.0.0.1\"\n"
                + "server.errorlog = \"" + c + "/lighttpd.err\"\n"
                + generated;
    }
}
