package io.portcullis.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ServletContext;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadStoreTest {

    @TempDir
    Path tmp;

    private final UploadGuard guard = new UploadGuard(UploadPolicy.images());

    @Test
    void acceptedFileStoredUnderRandomIdWithVerifiedMetadata() throws Exception {
        UploadStore store = UploadStore.at(tmp.resolve("store"));
        byte[] png = Samples.png();
        UploadStore.Receipt r = store.save(guard, new ByteArrayInputStream(png), "My Photo.PNG");
        assertThat(r.verdict().accepted()).isTrue();
        StoredFile f = r.stored().orElseThrow();
        assertThat(f.id()).matches("[0-9a-f]{32}").doesNotContain("photo");
        assertThat(f.contentType()).isEqualTo("image/png");
        assertThat(f.filename()).isEqualTo("My Photo.PNG");
        assertThat(f.extension()).isEqualTo("png");
        assertThat(f.size()).isEqualTo(png.length);
        assertThat(f.sha256()).hasSize(64);
        assertThat(f.path().getFileName().toString()).isEqualTo(f.id());
        assertThat(store.find(f.id())).contains(f);
        try (InputStream in = store.open(f.id())) {
            assertThat(in.readAllBytes()).isEqualTo(png);
        }
        assertThat(store.list()).containsExactly(f);
        assertThat(staging(store)).isZero();
    }

    @Test
    void sweepRemovesCrashLeftoversButKeepsCommittedFiles() throws Exception {
        UploadStore store = UploadStore.at(tmp.resolve("store"));
        StoredFile kept = store.save(guard, new ByteArrayInputStream(Samples.png()), "kept.png").stored().orElseThrow();
        // what a kill -9 leaves at each instant of save(): a staging file, bytes moved without metadata,
        // metadata without bytes
        Path root = store.root();
        Files.write(root.resolve("tmp/in-123.tmp"), new byte[] {1, 2, 3});
        Files.write(root.resolve("tmp/meta-456.tmp"), new byte[] {4});
        String halfData = "a".repeat(32);
        Files.write(root.resolve("data/" + halfData), Samples.png());
        String halfMeta = "b".repeat(32);
        Files.writeString(root.resolve("meta/" + halfMeta + ".properties"), "filename=x.png\n");
        assertThat(store.find(halfData)).isEmpty(); // invisible before the sweep already
        assertThat(store.find(halfMeta)).isEmpty();

        UploadStore.Sweep sweep = store.sweep();

        assertThat(sweep.staging()).isEqualTo(2);
        assertThat(sweep.incomplete()).isEqualTo(2);
        assertThat(staging(store)).isZero();
        assertThat(Files.exists(root.resolve("data/" + halfData))).isFalse();
        assertThat(Files.exists(root.resolve("meta/" + halfMeta + ".properties"))).isFalse();
        assertThat(store.find(kept.id())).contains(kept); // control: the committed file is untouched
        assertThat(store.sweep().total()).isZero();
    }

    @Test
    void rejectedFileNotStoredAndStagingEmpty() throws Exception {
        UploadStore store = UploadStore.at(tmp.resolve("store"));
        UploadStore.Receipt r = store.save(guard, new ByteArrayInputStream("<?php echo 1; ?>".getBytes()), "x.png");
        assertThat(r.verdict().accepted()).isFalse();
        assertThat(r.stored()).isEmpty();
        assertThat(store.list()).isEmpty();
        assertThat(staging(store)).isZero();
    }

    @Test
    void tooLargeStreamNotStoredAndStagingEmpty() throws Exception {
        UploadGuard small = new UploadGuard(UploadPolicy.images().toBuilder().maxFileSize(100).build());
        UploadStore store = UploadStore.at(tmp.resolve("store"));
        UploadStore.Receipt r = store.save(small, new ByteArrayInputStream(new byte[1000]), "x.png");
        assertThat(r.verdict().reasons()).containsExactly(Reason.TOO_LARGE);
        assertThat(staging(store)).isZero();
    }

    @Test
    void idsAreRandomNotSequential() throws Exception {
        UploadStore store = UploadStore.at(tmp.resolve("store"));
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            ids.add(store.save(guard, new ByteArrayInputStream(Samples.png()), "a.png").stored().orElseThrow().id());
        }
        assertThat(ids).hasSize(50);
        assertThat(ids.stream().map(id -> id.substring(0, 8)).distinct().count()).isGreaterThan(45);
    }

    @Test
    void lookupRefusesPathsAndUnknownIds() throws Exception {
        UploadStore store = UploadStore.at(tmp.resolve("store"));
        String id = store.save(guard, new ByteArrayInputStream(Samples.png()), "a.png").stored().orElseThrow().id();
        assertThat(store.find(id)).isPresent();
        for (String bad : new String[] {"../meta/" + id, id.toUpperCase(), id + ".properties", "", null, "0".repeat(32)}) {
            assertThat(store.find(bad)).as(String.valueOf(bad)).isEmpty();
        }
        assertThat(store.delete("../x")).isFalse();
        assertThat(store.delete(id)).isTrue();
        assertThat(store.find(id)).isEmpty();
    }

    @Test
    void directoriesAreOwnerOnly() throws Exception {
        UploadStore store = UploadStore.at(tmp.resolve("store"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.root()))).isEqualTo("rwx------");
    }

    @Test
    void rootInsideWebRootRefused() throws Exception {
        String webRoot = tmp.resolve("webapp").toString();
        ServletContext ctx = FilterHarness.fake(ServletContext.class, (name, args) -> name.equals("getRealPath") ? webRoot : null);
        assertThatThrownBy(() -> UploadStore.at(tmp.resolve("webapp/uploads"), ctx))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("web root");
        assertThat(UploadStore.at(tmp.resolve("private/uploads"), ctx).root()).exists();
    }

    @Test
    void guardInspectLeavesNoTempFileAfterAcceptRejectOrTooLarge() throws Exception {
        Path spool = tmp.resolve("spool");
        UploadGuard g = new UploadGuard(UploadPolicy.images().toBuilder().tempDir(spool).maxFileSize(1000).build());
        assertThat(g.inspect(new ByteArrayInputStream(Samples.png()), "a.png").accepted()).isTrue();
        assertThat(g.inspect(new ByteArrayInputStream("<html>".getBytes()), "a.png").accepted()).isFalse();
        assertThat(g.inspect(new ByteArrayInputStream(new byte[5000]), "a.png").reasons()).containsExactly(Reason.TOO_LARGE);
        InputStream failing = new InputStream() {
            int n;

            @Override
            public int read() throws java.io.IOException {
                if (n++ > 100) {
                    throw new java.io.IOException("client went away");
                }
                return 0;
            }
        };
        assertThatThrownBy(() -> g.inspect(failing, "a.png")).hasMessageContaining("client went away");
        try (Stream<Path> s = Files.list(spool)) {
            assertThat(s.toList()).isEmpty();
        }
    }

    private static long staging(UploadStore store) throws Exception {
        try (Stream<Path> s = Files.list(store.root().resolve("tmp"))) {
            return s.count();
        }
    }
}
