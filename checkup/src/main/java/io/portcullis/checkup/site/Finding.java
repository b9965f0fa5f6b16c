package io.portcullis.checkup.site;

import java.util.Objects;

/**
 * One check's result: a stable id ({@code hsts.max-age}), its area, pass/warn/fail, one line
 * of explanation and, where Portcullis can fix it, the configuration key that does.
 *
 * @param id     stable identifier, {@code area.name}
 * @param area   group shown in reports: transport, hsts, cookies, headers, behaviour, protected
 * @param status the outcome
 * @param detail one line of explanation, quoting what the server sent
 * @param fix    a fix hint naming the Portcullis configuration key (or server setting), or null
 */
public record Finding(String id, String area, Status status, String detail, String fix) {

    public Finding {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    static Finding pass(String id, String detail) {
        return new Finding(id, areaOf(id), Status.PASS, detail, null);
    }

    static Finding warn(String id, String detail, String fix) {
        return new Finding(id, areaOf(id), Status.WARN, detail, fix);
    }

    static Finding fail(String id, String detail, String fix) {
        return new Finding(id, areaOf(id), Status.FAIL, detail, fix);
    }

    static Finding of(String id, Status status, String detail, String fix) {
        return new Finding(id, areaOf(id), status, detail, status == Status.PASS ? null : fix);
    }

    private static String areaOf(String id) {
        int dot = id.indexOf('.');
        return dot < 0 ? id : id.substring(0, dot);
    }
}
