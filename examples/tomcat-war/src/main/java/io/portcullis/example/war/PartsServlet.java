package io.portcullis.example.war;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.util.Locale;

/**
 * Lists the parts the container hands the application, for every method: it overrides
 * {@code service()} (no {@code doPost}), the way servlets that accept uploads with any method do.
 * Behind {@code UploadGuardFilter} these are the checked parts only.
 */
public final class PartsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        StringBuilder out = new StringBuilder();
        out.append("method=").append(request.getMethod())
                .append(" uri=").append(request.getRequestURI())
                .append(" servletPath=").append(request.getServletPath())
                .append(" pathInfo=").append(request.getPathInfo()).append('\n');
        String type = request.getContentType();
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            for (Part part : request.getParts()) {
                out.append("part name=").append(part.getName())
                        .append(" filename=").append(part.getSubmittedFileName())
                        .append(" size=").append(part.getSize())
                        .append(" disposition=").append(part.getHeader("Content-Disposition")).append('\n');
            }
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(out.toString());
    }
}
