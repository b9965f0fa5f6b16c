package io.portcullis.checkup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code checkup uploads} walking a folder it cannot wholly read: the locked part is reported with
 * its reason and the rest is still inspected (it was a stack trace and no scan at all).
 */
class UploadsFolderWalkTest {

    @TempDir
    Path tmp;

    @Test
    void folderThatCannotBeReadIsNotedAndTheWalkGoesOn() throws Exception {
        Files.createDirectories(tmp.resolve("a"));
        Files.createDirectories(tmp.resolve("z"));
        Files.writeString(tmp.resolve("z/late.txt"), "after the locked folder");
        Files.writeString(tmp.resolve("a/early.txt"), "before it");
        UploadsCommand.Collector c = new UploadsCommand.Collector();
        // what the walk reports for a folder it may not list (as root nothing is locked, so it is handed in
        // here; the command itself is shown as another user below)
        assertThat(c.visitFileFailed(tmp.resolve("m"), new AccessDeniedException(tmp.resolve("m").toString())))
                .isEqualTo(FileVisitResult.CONTINUE);
        c.collect(tmp);
        assertThat(c.files()).containsExactly(tmp.resolve("a/early.txt"), tmp.resolve("z/late.txt"));
        assertThat(c.unreadable()).containsExactly("cannot read " + tmp.resolve("m") + ": AccessDeniedException");
    }

    @Test
    void folderThatCanBeReadHasNothingUnreadable() throws Exception {
        Files.writeString(tmp.resolve("b.txt"), "b");
        Files.writeString(tmp.resolve("a.txt"), "a");
        UploadsCommand.Collector c = new UploadsCommand.Collector();
        c.collect(tmp);
        c.collect(tmp.resolve("b.txt"));
        assertThat(c.files()).containsExactly(tmp.resolve("a.txt"), tmp.resolve("b.txt"), tmp.resolve("b.txt"));
        assertThat(c.unreadable()).isEmpty();
    }

    @Test
    void lockedFolderWhenNotRootThenReportedAndTheOthersInspected() throws Exception {
        assumeThat(System.getProperty("user.name")).as("root reads every folder").isNotEqualTo("root");
        Path locked = Files.createDirectories(tmp.resolve("locked"));
        Files.writeString(locked.resolve("x.txt"), "x");
        Files.writeString(tmp.resolve("ok.txt"), "ok");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            UploadsCommand.Collector c = new UploadsCommand.Collector();
            c.collect(tmp);
            assertThat(c.files()).containsExactly(tmp.resolve("ok.txt"));
            assertThat(c.unreadable()).singleElement().asString().startsWith("cannot read " + locked + ": AccessDeniedException");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
