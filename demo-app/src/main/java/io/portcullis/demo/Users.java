package io.portcullis.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Accounts in {@code users.tsv} under the data directory: name, iterations, salt, hash.
 * Passwords are hashed with the JDK's PBKDF2WithHmacSHA256, a random 16-byte salt and
 * {@value #ITERATIONS} iterations (OWASP Password Storage Cheat Sheet, 2023: 600 000 for
 * PBKDF2-HMAC-SHA256; our floor is 210 000).
 */
final class Users {

    static final int ITERATIONS = 600_000;
    static final int MIN_ITERATIONS = 210_000;
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{2,31}");
    static final int MIN_PASSWORD = 10;
    static final int MAX_PASSWORD = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Entry dummy;
    private final AtomicLong hashes = new AtomicLong();

    private record Entry(String name, int iterations, byte[] salt, byte[] hash) {
    }

    Users(Path file) throws IOException {
        this.file = file;
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                if (f.length == 4) {
                    Base64.Decoder d = Base64.getDecoder();
                    entries.put(f[0], new Entry(f[0], Integer.parseInt(f[1]), d.decode(f[2]), d.decode(f[3])));
                }
            }
        }
        byte[] salt = new byte[16];
        dummy = new Entry("", ITERATIONS, salt, hash("not a password".toCharArray(), salt, ITERATIONS));
    }

    /** Why a sign-up is refused, or {@code null} when the name and password are acceptable. */
    static String problem(String name, String password) {
        if (name == null || !NAME.matcher(name).matches()) {
            return "User names are 3 to 32 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.";
        }
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            return "Passwords are " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters.";
        }
        return null;
    }

    /** Creates the account; false when the name is taken. */
    synchronized boolean create(String name, String password) throws IOException {
        if (entries.containsKey(name)) {
            return false;
        }
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        entries.put(name, new Entry(name, ITERATIONS, salt, countedHash(password.toCharArray(), salt, ITERATIONS)));
        save();
        return true;
    }

    /** True when the password matches; takes the same time whether or not the user exists. */
    boolean verify(String name, String password) {
        Entry e = name == null ? null : entries.get(name);
        Entry used = e == null ? dummy : e;
        byte[] got = countedHash((password == null ? "" : password).toCharArray(), used.salt(), used.iterations());
        return MessageDigest.isEqual(got, used.hash()) && e != null;
    }

    boolean exists(String name) {
        return entries.containsKey(name);
    }

    private void save() throws IOException {
        List<String> lines = new ArrayList<>();
        Base64.Encoder enc = Base64.getEncoder();
        for (Entry e : entries.values()) {
            lines.add(e.name() + "\t" + e.iterations() + "\t" + enc.encodeToString(e.salt()) + "\t"
                    + enc.encodeToString(e.hash()));
        }
        Path tmp = Files.createTempFile(file.getParent(), "users", ".tmp");
        try {
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** How many passwords this instance has hashed for sign-ups and log-ins (the throttle's tests read it). */
    long hashCount() {
        return hashes.get();
    }

    private byte[] countedHash(char[] password, byte[] salt, int iterations) {
        hashes.incrementAndGet();
        return hash(password, salt, iterations);
    }

    static byte[] hash(char[] password, byte[] salt, int iterations) {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalStateException("stored PBKDF2 iteration count below " + MIN_ITERATIONS);
        }
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        }
    }
}
