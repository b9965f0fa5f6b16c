package io.portcullis.upload;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.util.List;

/** The application behind the filter in container tests: stores every accepted file and echoes what it saw. */
final class UploadServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient UploadStore store;

    UploadServlet(UploadStore store) {
        this.store = store;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        StringBuilder out = new StringBuilder();
        @SuppressWarnings("unchecked")
        List<UploadedFile> files = (List<UploadedFile>) req.getAttribute(UploadGuardFilter.FILES);
        @SuppressWarnings("unchecked")
        List<Verdict> verdicts = (List<Verdict>) req.getAttribute(UploadGuardFilter.VERDICTS);
        out.append("verdicts=").append(verdicts == null ? "none" : verdicts.size()).append('\n');
        try {
            for (Part p : verdicts == null ? List.<Part>of() : req.getParts()) {
                out.append("part ").append(p.getName()).append(' ').append(p.getSubmittedFileName()).append(' ')
                        .append(p.getContentType()).append('\n');
            }
        } catch (jakarta.servlet.ServletException e) {
            throw new IOException(e);
        }
        out.append("title=").append(req.getParameter("title")).append('\n');
        if (files != null) {
            for (UploadedFile f : files) {
                StoredFile s = store.save(f);
                out.append("stored ").append(s.id()).append(' ').append(s.contentType()).append(' ').append(s.filename()).append('\n');
            }
        }
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().write(out.toString());
    }
}
