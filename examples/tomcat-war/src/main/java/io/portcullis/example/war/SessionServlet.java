package io.portcullis.example.war;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Starts a session, so the container writes its own {@code JSESSIONID} cookie. */
public final class SessionServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.getSession(true).setAttribute("seen", Boolean.TRUE);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write("session started\n");
    }
}
