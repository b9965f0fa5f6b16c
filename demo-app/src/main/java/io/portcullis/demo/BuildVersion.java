package io.portcullis.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code demo-app --version}: the Portcullis version this demo was built from (filled in by the build). */
public final class BuildVersion implements IVersionProvider {

    /** Creates the provider; picocli instantiates it for {@code --version}. */
    public BuildVersion() {
    }

    /** The build's version, e.g. {@code 0.2.0-SNAPSHOT}. */
    public static String version() {
        try (InputStream in = BuildVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("io/portcullis/demo/version.properties is missing from the jar");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"portcullis demo " + version()};
    }
}
