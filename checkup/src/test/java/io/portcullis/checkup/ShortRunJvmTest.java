package io.portcullis.checkup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code checkup uploads} runs itself again in a JVM without the optimising JIT tier, and only then. */
class ShortRunJvmTest {

    private static final String JAVA = "/usr/lib/jvm/java-17/bin/java";
    private static final String[] UPLOADS = {"uploads", "--allow", "png", "/srv/media"};

    @TempDir
    Path tmp;

    private static Optional<List<String>> command(String[] args, List<String> jvmArgs, String started, Path jar) {
        return ShortRunJvm.command(args, Optional.of(JAVA), Optional.of(jvmArgs.toArray(String[]::new)), started, jar);
    }

    private static List<String> line(List<String> jvm, String... program) {
        List<String> all = new ArrayList<>(jvm);
        all.addAll(List.of(program));
        return all;
    }

    @Test
    void uploadsStartedByMainClassThenSameCommandAgainWithTheShortRunTier() {
        List<String> given = line(List.of("-Xmx1g", "-cp", "/opt/checkup/*", Checkup.class.getName()), UPLOADS);
        assertThat(command(UPLOADS, given, null, null)).contains(
                line(List.of(JAVA, "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-D" + ShortRunJvm.STARTED + "=true"),
                        given.toArray(String[]::new)));
    }

    @Test
    void uploadsStartedFromTheCheckupJarThenAgainAndOtherJarNot() throws Exception {
        Path jar = Files.createFile(tmp.resolve("checkup.jar"));
        Path other = Files.createFile(tmp.resolve("app.jar"));
        assertThat(command(UPLOADS, line(List.of("-jar", jar.toString()), UPLOADS), null, jar)).isPresent();
        // control: the same arguments to another program's jar are not ours to run again
        assertThat(command(UPLOADS, line(List.of("-jar", other.toString()), UPLOADS), null, jar)).isEmpty();
    }

    @Test
    void whenAlreadyTheSecondJvmThenRunsHere() {
        List<String> given = line(List.of("-cp", "x", Checkup.class.getName()), UPLOADS);
        assertThat(command(UPLOADS, given, "true", null)).isEmpty();
        assertThat(command(UPLOADS, given, null, null)).isPresent();
    }

    @Test
    void whenUserChoseTheJitThenRunsHere() {
        for (String choice : List.of("-XX:TieredStopAtLevel=4", "-XX:TieredStopAtLevel=1", "-XX:-TieredCompilation")) {
            assertThat(command(UPLOADS, line(List.of(choice, "-cp", "x", Checkup.class.getName()), UPLOADS), null, null))
                    .as(choice).isEmpty();
        }
    }

    @Test
    void whenDebuggerOrAgentAttachedThenRunsHere() {
        for (String agent : List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-agentpath:/opt/p.so",
                "-javaagent:/opt/jacoco.jar=destfile=x.exec", "-Xrunjdwp:transport=dt_socket", "-Xdebug")) {
            assertThat(command(UPLOADS, line(List.of(agent, "-cp", "x", Checkup.class.getName()), UPLOADS), null, null))
                    .as(agent).isEmpty();
        }
        // control: an ordinary JVM option does not keep it here
        assertThat(command(UPLOADS, line(List.of("-Dfile.encoding=UTF-8", "-cp", "x", Checkup.class.getName()), UPLOADS),
                null, null)).isPresent();
    }

    @Test
    void whenCheckupIsNotThisJvmsProgramThenRunsHere() {
        // Checkup.main called by a test runner or an application: never start *their* command again
        List<String> surefire = List.of("-jar", "/tmp/surefirebooter.jar", "/tmp/surefire", "2026", "s.tmp");
        assertThat(command(UPLOADS, surefire, null, null)).isEmpty();
        List<String> otherMain = line(List.of("-cp", "x", "com.example.Main"), UPLOADS);
        assertThat(command(UPLOADS, otherMain, null, null)).isEmpty();
        List<String> otherArgs = line(List.of("-cp", "x", Checkup.class.getName()), "uploads", "--allow", "jpg", "/srv/media");
        assertThat(command(UPLOADS, otherArgs, null, null)).isEmpty();
    }

    @Test
    void whenAnotherCommandOrNoProcessInfoThenRunsHere() {
        String[] site = {"site", "https://example.org/"};
        assertThat(command(site, line(List.of("-cp", "x", Checkup.class.getName()), site), null, null)).isEmpty();
        assertThat(ShortRunJvm.command(UPLOADS, Optional.empty(), Optional.of(UPLOADS), null, null)).isEmpty();
        assertThat(ShortRunJvm.command(UPLOADS, Optional.of(JAVA), Optional.empty(), null, null)).isEmpty();
    }

    /**
     * The test class path in one manifest-only jar: the JDK reports no arguments for a command
     * line longer than a few KB (then checkup runs in place), and the test's class path is longer.
     */
    private Path classPathJar() throws Exception {
        StringBuilder cp = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            cp.append(Path.of(entry).toUri()).append(' ');
        }
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, cp.toString().strip());
        Path jar = tmp.resolve("classpath.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            out.flush();
        }
        return jar;
    }

    @Test
    void uploadsInItsOwnJvmThenSecondJvmRunsItAndOutputAndExitStatusPassThrough() throws Exception {
        Path media = Files.createDirectories(tmp.resolve("media"));
        Files.writeString(media.resolve("evil.php"), "<?php system($_GET['c']); ?>");
        Files.writeString(media.resolve("note.txt"), "hello\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", classPathJar().toString(),
                Checkup.class.getName(), "uploads", "--allow", "txt", "--json", media.toString())).start();
        boolean sawSecondJvm = false;
        while (p.isAlive()) {
            sawSecondJvm |= p.toHandle().descendants().anyMatch(d -> d.info().arguments()
                    .map(a -> List.of(a).contains(ShortRunJvm.TIER)).orElse(false));
            Thread.sleep(5);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(sawSecondJvm).as("a second JVM with " + ShortRunJvm.TIER).isTrue();
        assertThat(p.exitValue()).as(err).isEqualTo(1);
        assertThat(out.lines().map(l -> {
            try {
                return new ObjectMapper().readTree(l).get("accepted").asBoolean();
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        })).containsExactly(false, true);
        assertThat(err).contains("2 file(s): 1 accepted, 1 rejected");
    }
}
