package io.portcullis.demo;

import io.portcullis.core.Problem;
import java.io.IOException;
import java.nio.file.Path;

/** Upload, list, download and share: the pages that use upload-guard and sendfile-support. */
final class UserFiles {

    private final DemoConfig config;
    private final FileIndex index;

    UserFiles(DemoConfig config, Path data) throws IOException {
        this.config = config;
        this.index = new FileIndex(data.resolve("files.tsv"));
    }

    int count(String owner) {
        return index.of(owner).size();
    }

    void uploadForm(Exchange x) throws IOException {
        x.html(200, Html.page(x, "Upload", "<p>Not available yet.</p>"));
    }

    void upload(Exchange x) throws IOException {
        Problem.of(501, "not-implemented", "Not available yet").write(x.response());
    }

    void list(Exchange x) throws IOException {
        x.html(200, Html.page(x, "My files", "<p>No files.</p>"));
    }

    void download(Exchange x) throws IOException {
        Problem.of(404, "not-found", "Not found").write(x.response());
    }

    void share(Exchange x) throws IOException {
        Problem.of(404, "not-found", "Not found").write(x.response());
    }

    void shared(Exchange x) throws IOException {
        Problem.of(404, "not-found", "Not found").write(x.response());
    }

    void close() {
    }
}
