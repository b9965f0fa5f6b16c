package io.portcullis.checkup.site;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-made responses for unit tests. */
final class Responses {

    private Responses() {
    }

    /** {@code headers} alternate name, value; a name may repeat. */
    static Response page(String uri, int status, String body, String... headers) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            map.computeIfAbsent(headers[i], k -> new ArrayList<>()).add(headers[i + 1]);
        }
        return new Response(URI.create(uri), status, map, body);
    }

    static Response https(String... headers) {
        return page("https://example.com/", 200, "", headers);
    }
}
