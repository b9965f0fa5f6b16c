package io.portcullis.passwords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

/** PHC round trips, cross-checks against other implementations, needsRehash and the concurrency bound. */
class PasswordHasherTest {

    static final PasswordHasher ARGON2 = new PasswordHasher(HashPolicy.defaults());
    static final PasswordHasher PBKDF2 = new PasswordHasher(HashPolicy.builder().algorithm(HashAlgorithm.PBKDF2_SHA256).build());

    @Test
    void argon2idIsTheDefaultAndRoundTripsInPhcFormat() {
        String h = ARGON2.hash("correct horse battery staple");
        assertThat(h).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(ARGON2.verify("correct horse battery staple", h)).isTrue();
        assertThat(ARGON2.verify("correct horse battery stapl", h)).isFalse();
        assertThat(ARGON2.needsRehash(h)).isFalse();
        assertThat(ARGON2.hash("correct horse battery staple")).as("fresh salt").isNotEqualTo(h);
    }

    @Test
    void pbkdf2RoundTripsInPhcFormat() {
        String h = PBKDF2.hash("correct horse battery staple");
        assertThat(h).matches("\\$pbkdf2-sha256\\$i=600000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(PBKDF2.verify("correct horse battery staple", h)).isTrue();
        assertThat(PBKDF2.verify("Correct horse battery staple", h)).isFalse();
    }

    @Test
    void argon2idMatchesThePhcReferenceImplementationsVectors() {
        // phc-winner-argon2 src/test.c, argon2id v=0x13, password "password", salt "somesalt"
        assertThat(ARGON2.verify("password", "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4"))
                .isTrue();
        assertThat(ARGON2.verify("password", "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"))
                .isTrue();
        assertThat(ARGON2.verify("passwore", "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4"))
                .isFalse();
    }

    @Test
    void bouncyCastlesArgon2idMatchesRfc9106TestVector() {
        // RFC 9106 §5.3 (with secret and associated data, which stored hashes do not use)
        byte[] password = filled(32, 1);
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withIterations(3).withMemoryAsKB(32).withParallelism(4).withSalt(filled(16, 2))
                .withSecret(filled(8, 3)).withAdditional(filled(12, 4)).build());
        byte[] tag = new byte[32];
        g.generateBytes(password, tag);
        assertThat(HexFormat.of().formatHex(tag)).isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void pbkdf2AgreesWithTheJdksImplementation() throws Exception {
        String h = PBKDF2.hash("naïve café ünïcödé 🦊");
        String[] parts = h.split("\\$");
        byte[] salt = Base64.getDecoder().decode(parts[3]);
        byte[] hash = Base64.getDecoder().decode(parts[4]);
        // the JDK's PBKDF2 encodes the chars as UTF-8, as we do after NFKC (this input is already NFKC)
        byte[] jdk = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec("naïve café ünïcödé 🦊".toCharArray(), salt, 600_000, 256)).getEncoded();
        assertThat(hash).isEqualTo(jdk);
    }

    @Test
    void passwordsAreNormalisedToNfkcBeforeHashing() {
        String h = PBKDF2.hash("ｐａｓｓｗｏｒｄ１ with ﬁ ligature");
        assertThat(PBKDF2.verify("password1 with fi ligature", h)).isTrue();
        String composed = "caf\u00e9 crème brûlée forever";
        String decomposed = "cafe\u0301 cre\u0300me bru\u0302le\u0301e forever";
        assertThat(PBKDF2.verify(decomposed, PBKDF2.hash(composed))).isTrue();
    }

    @Test
    void needsRehashWhenAlgorithmOrParametersDiffer() {
        String pbkdf2 = PBKDF2.hash("correct horse battery staple");
        assertThat(ARGON2.needsRehash(pbkdf2)).isTrue();
        assertThat(PBKDF2.needsRehash(pbkdf2)).isFalse();
        PasswordHasher stronger = new PasswordHasher(HashPolicy.builder().argon2MemoryKib(47_104).argon2Iterations(1).build());
        String argon = ARGON2.hash("x");
        assertThat(stronger.needsRehash(argon)).isTrue();
        assertThat(stronger.verify("x", argon)).as("old parameters still verify").isTrue();
        assertThat(ARGON2.needsRehash("$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4"))
                .as("8-byte salt, weak parameters").isTrue();
        assertThat(ARGON2.needsRehash("garbage")).isTrue();
        assertThat(ARGON2.needsRehash(null)).isTrue();
    }

    @Test
    void malformedOrTamperedStoredHashesVerifyFalseWithoutThrowing() {
        String good = "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";
        for (String bad : List.of("", "plain-text-password", "$argon2i$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
                good.replace("v=19", "v=16"),
                good.replace("m=256", "m=99999999"), // 95 GiB: refused on parse, never allocated
                good.replace("t=2", "t=9999"),
                good.replace("$nf65", "$xf65"),
                good + "=", good.replace("c29tZXNhbHQ", "c29tZXNhbHQ!"),
                "$pbkdf2-sha256$i=999999999$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4")) {
            assertThat(ARGON2.verify("password", bad)).as(bad).isFalse();
        }
        assertThat(ARGON2.verify("password", null)).isFalse();
    }

    @Test
    void storedHashCostingMoreThanFourTimesThePolicyIsRefusedBeforeItIsComputed() {
        // Within the parse bounds, but 1 GiB x 100 passes or 10^8 PBKDF2 iterations: minutes per log-in.
        AtomicInteger derived = new AtomicInteger();
        PasswordHasher hasher = new PasswordHasher(HashPolicy.defaults(), (spec, pw) -> {
            derived.incrementAndGet();
            return PasswordHasher.derive(spec, pw);
        });
        String salt = "$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";
        for (String costly : List.of("$argon2id$v=19$m=1048576,t=100,p=16" + salt, "$argon2id$v=19$m=1048576,t=1,p=1" + salt,
                "$argon2id$v=19$m=77825,t=1,p=1" + salt, "$argon2id$v=19$m=19456,t=9,p=1" + salt,
                "$pbkdf2-sha256$i=100000000" + salt, "$pbkdf2-sha256$i=2400001" + salt)) {
            assertThat(hasher.verify("password", costly)).as(costly).isFalse();
            assertThat(hasher.needsRehash(costly)).as(costly).isTrue();
        }
        assertThat(derived).as("none of them was computed").hasValue(0);
    }

    @Test
    void aPasswordLongerThan4096IsRefusedBeforeItIsNormalisedOrHashed() {
        AtomicInteger derived = new AtomicInteger();
        PasswordHasher hasher = new PasswordHasher(HashPolicy.defaults(), (spec, pw) -> {
            derived.incrementAndGet();
            return PasswordHasher.derive(spec, pw);
        });
        String stored = hasher.hash("x");
        derived.set(0);
        String huge = "a".repeat(2_000_000); // a log-in form at Tomcat's default maxPostSize
        assertThat(hasher.verify(huge, stored)).isFalse();
        assertThat(hasher.verify("a".repeat(PasswordHasher.MAX_PASSWORD_LENGTH + 1), stored)).isFalse();
        assertThatThrownBy(() -> hasher.hash(huge)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("password longer than 4096 characters");
        assertThat(derived).as("nothing was derived").hasValue(0);
    }

    @Test
    void aPasswordOf4096CharactersStillHashesAndVerifies() {
        String longest = "q7#Vz!p2".repeat(PasswordHasher.MAX_PASSWORD_LENGTH / 8);
        assertThat(ARGON2.verify(longest, ARGON2.hash(longest))).isTrue();
    }

    @Test
    void storedHashUpToFourTimesThePolicyStillVerifies() {
        // Positive control, same policy: an operator who lowered m from 64 MiB keeps every log-in.
        String m64MiB = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        assertThat(ARGON2.verify("password", m64MiB)).isTrue();
        String lowered = new PasswordHasher(HashPolicy.builder().argon2MemoryKib(4 * 19_456).argon2Iterations(2).build())
                .hash("correct horse battery staple");
        assertThat(ARGON2.verify("correct horse battery staple", lowered)).isTrue();
        assertThat(ARGON2.needsRehash(lowered)).isTrue();
        String pbkdf2At4x = new PasswordHasher(HashPolicy.builder().algorithm(HashAlgorithm.PBKDF2_SHA256)
                .pbkdf2Iterations(4 * 600_000).build()).hash("correct horse battery staple");
        assertThat(PBKDF2.verify("correct horse battery staple", pbkdf2At4x)).isTrue();
    }

    @Test
    void tamperedParametersAreRefusedOnParseBeforeAnyMemoryIsTaken() {
        String good = "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";
        assertThat(PhcHash.parse(good).memoryKib()).isEqualTo(256);
        for (String bad : List.of(good.replace("m=256", "m=99999999"), good.replace("t=2", "t=9999"),
                good.replace("p=1", "p=64"), good.replace("m=256", "m=4"))) {
            assertThatThrownBy(() -> PhcHash.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Argon2id parameters out of bounds");
        }
        assertThatThrownBy(() -> PhcHash.parse("$pbkdf2-sha256$i=999999999$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4"))
                .hasMessage("PBKDF2 iterations out of bounds");
    }

    @Test
    void theBoundHoldsHashesToMaxConcurrentAndQueuesTheRest() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        PasswordHasher.Kdf blocking = (spec, pw) -> {
            peak.accumulateAndGet(inside.incrementAndGet(), Math::max);
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inside.decrementAndGet();
            return new byte[32];
        };
        int bound = 2;
        PasswordHasher hasher = new PasswordHasher(HashPolicy.builder().maxConcurrent(bound)
                .queueTimeout(Duration.ofSeconds(30)).build(), blocking);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                futures.add(pool.submit(() -> hasher.hash("pw")));
            }
            waitUntil(() -> inside.get() == bound && hasher.availableSlots() == 0);
            Thread.sleep(200); // give a broken bound the chance to let a third one in
            assertThat(inside.get()).isEqualTo(bound);
            release.countDown();
            for (Future<String> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertThat(peak.get()).isEqualTo(bound);
            assertThat(hasher.availableSlots()).isEqualTo(bound);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void withoutABoundAllFloodThrough() throws Exception {
        // positive control for the test above: same flood, bound as large as the flood
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inside = new AtomicInteger();
        PasswordHasher.Kdf blocking = (spec, pw) -> {
            inside.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new byte[32];
        };
        PasswordHasher hasher = new PasswordHasher(HashPolicy.builder().maxConcurrent(6).build(), blocking);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            for (int i = 0; i < 6; i++) {
                pool.submit(() -> hasher.hash("pw"));
            }
            waitUntil(() -> inside.get() == 6);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aFullQueueAnswersBusyAfterTheTimeout() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        PasswordHasher hasher = new PasswordHasher(HashPolicy.builder().maxConcurrent(1).queueTimeout(Duration.ZERO).build(),
                (spec, pw) -> {
                    entered.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new byte[32];
                });
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            pool.submit(() -> hasher.hash("first"));
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> hasher.verify("second", ARGON2.hash("second")))
                    .isInstanceOf(HasherBusyException.class).hasMessageContaining("1 password-hash slots busy");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void unpairedSurrogateCannotBeHashed() {
        assertThatThrownBy(() -> PBKDF2.hash("abc\uD800")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("password contains an unpaired surrogate");
    }

    @Test
    void theEmptyPasswordStillHashesSoTimingDoesNotDependOnIt() {
        assertThat(PBKDF2.verify("", PBKDF2.hash(""))).isTrue();
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in 30 s");
            }
            Thread.sleep(5);
        }
    }
}
