package io.portcullis.checkup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code checkup --version}: the version of the Portcullis artifacts this jar was built from,
 * read from {@code version.properties}, which the build fills in from the POM.
 */
public final class BuildVersion implements IVersionProvider {

    /** Creates the provider; picocli instantiates it for {@code --version}. */
    public BuildVersion() {
    }

    /** The build's version, e.g. {@code 0.2.0}, or {@code 0.2.0-SNAPSHOT} between releases. */
    public static String version() {
        try (InputStream in = BuildVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("io/portcullis/checkup/version.properties is missing from the jar");
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
        return new String[] {"checkup " + version() + " (Portcullis, Java " + Runtime.version() + ")"};
    }
}
