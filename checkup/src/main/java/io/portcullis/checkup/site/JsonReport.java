package io.portcullis.checkup.site;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portcullis.checkup.site.Score.Observation;

/**
 * {@code --json}: a stable document for machines. Field names do not change between versions
 * without a new {@code schema} number.
 */
public final class JsonReport {

    public static final int SCHEMA = 2;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static ObjectNode tree(Report r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("target", r.target());
        root.put("auditedPage", r.auditedPage());
        root.put("at", r.at().toString());
        root.put("passed", r.passed());
        root.put("exitCode", r.exitCode());
        root.put("verdict", r.verdict());
        root.put("minGrade", r.minGrade().token());
        root.put("grade", r.grade().token());
        root.put("gradeFrom", r.observatory() != null ? "observatory" : "checkup");
        if (r.observatory() != null) {
            score(root.putObject("observatory"), r.observatory()).put("version", Observatory.VERSION);
        } else {
            root.putObject("observatory").put("version", Observatory.VERSION).put("error", r.observatoryNote());
        }
        score(root.putObject("checkupScore"), r.extended());
        ObjectNode counts = root.putObject("counts");
        for (Status s : Status.values()) {
            counts.put(s.token(), r.count(s));
        }
        ArrayNode checks = root.putArray("checks");
        for (Finding f : r.findings()) {
            ObjectNode c = checks.addObject();
            c.put("id", f.id());
            c.put("area", f.area());
            c.put("status", f.status().token());
            c.put("detail", f.detail());
            if (f.fix() != null) {
                c.put("fix", f.fix());
            } else {
                c.putNull("fix");
            }
        }
        return root;
    }

    private static ObjectNode score(ObjectNode obs, Score s) {
        obs.put("score", s.score());
        obs.put("grade", s.grade().token());
        ObjectNode tests = obs.putObject("tests");
        for (Observation o : s.results()) {
            ObjectNode t = tests.putObject(o.test().token());
            t.put("result", o.expectation().token());
            t.put("modifier", o.expectation().modifier());
            t.put("detail", o.detail());
        }
        return obs;
    }

    public static String render(Report r) {
        try {
            return MAPPER.writeValueAsString(tree(r)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
