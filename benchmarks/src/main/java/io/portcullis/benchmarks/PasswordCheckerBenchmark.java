package io.portcullis.benchmarks;

import io.portcullis.passwords.PasswordChecker;
import io.portcullis.passwords.PasswordContext;
import io.portcullis.passwords.PasswordPolicy;
import io.portcullis.passwords.PasswordVerdict;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * passwords' {@code PasswordChecker.check} with the default policy (no breach check, which is a
 * network call) and a user context, per kind of password. Sample mode gives p50/p99; run with
 * {@code -prof gc} for bytes allocated per check.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class PasswordCheckerBenchmark {

    /** Kinds of input: a common password, a 4-word passphrase, 15 random characters, 100 and 128 characters. */
    @Param({"common", "passphrase", "random15", "random100", "max128"})
    public String kind;

    private PasswordChecker checker;
    private PasswordContext context;
    private String password;

    @Setup
    public void setUp() {
        checker = new PasswordChecker(PasswordPolicy.builder().siteName("Portcullis Demo").build());
        context = PasswordContext.of("alexander", "alex.marchetti@example.org");
        String random = "q7#Vz!p2Lr9@Wkx8!Kd2@mQz9#Lp4$Wn7%Rt1^Vb6&Hs3*Jf5(Ge0)Yc8_Ua2+Io4=Pl9-Ok1~Mz7qA5sD8fG1hJ4kL7zX0cV3bN6m";
        password = switch (kind) {
            case "common" -> "password1";
            case "passphrase" -> "correct horse battery staple";
            case "random15" -> random.substring(0, 15);
            case "random100" -> random.substring(0, 100);
            case "max128" -> (random + random).substring(0, 128);
            default -> throw new IllegalArgumentException(kind);
        };
        System.out.println("# " + kind + ": " + check().reasons() + " guesses=10^" + check().strength().guessesLog10());
    }

    @Benchmark
    public PasswordVerdict check() {
        return checker.check(password, context);
    }
}
