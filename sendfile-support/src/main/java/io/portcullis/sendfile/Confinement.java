package io.portcullis.sendfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Resolves an application-supplied name to a regular file inside the real root, or nothing.
 * The name is taken literally (it is never URL-decoded here: an encoded {@code %2e%2e} is a
 * file literally named so). Refused: empty names, absolute names, drive letters, backslashes,
 * NUL and other control characters, {@code .}, {@code ..} and empty segments; then the
 * candidate's real path (every symlink resolved) must still lie under the real root and be a
 * regular file. django-sendfile2, Werkzeug and mod_xsendfile check only the string form.
 */
final class Confinement {

    private final Path realRoot;

    Confinement(Path realRoot) {
        this.realRoot = realRoot;
    }

    /** The real path of the regular file {@code name} names inside the root, or empty. */
    Optional<Path> resolve(String name) {
        if (!syntaxAllowed(name)) {
            return Optional.empty();
        }
        Path candidate;
        try {
            candidate = realRoot.resolve(name).normalize();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        if (!candidate.startsWith(realRoot) || candidate.equals(realRoot)) {
            return Optional.empty();
        }
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
        if (!real.startsWith(realRoot) || real.equals(realRoot)) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS) || !Files.isReadable(real)) {
            return Optional.empty();
        }
        return Optional.of(real);
    }

    /** The path of {@code real} relative to the root, '/'-separated. */
    String relative(Path real) {
        Path rel = realRoot.relativize(real);
        StringBuilder out = new StringBuilder();
        for (Path segment : rel) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(segment.toString());
        }
        return out.toString();
    }

    static boolean syntaxAllowed(String name) {
        if (name == null || name.isEmpty() || name.length() > 4096) {
            return false;
        }
        if (name.charAt(0) == '/' || name.indexOf('\\') >= 0) {
            return false;
        }
        if (name.length() >= 2 && name.charAt(1) == ':' && Character.isLetter(name.charAt(0))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                return false;
            }
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
