package io.portcullis.filters;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Small request fakes for unit tests. */
final class Fakes {

    private Fakes() {
    }

    /**
     * A request from {@code peer}; {@code headers} as "Name: value" lines (repeat a name for
     * several fields).
     */
    static HttpServletRequest request(String method, String peer, boolean secure, String uri, String query, String... headers) {
        HttpServletRequest r = mock(HttpServletRequest.class);
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line : headers) {
            int colon = line.indexOf(':');
            h.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
        }
        Map<String, Object> attributes = new HashMap<>();
        when(r.getMethod()).thenReturn(method);
        when(r.getRemoteAddr()).thenReturn(peer);
        when(r.isSecure()).thenReturn(secure);
        when(r.getScheme()).thenReturn(secure ? "https" : "http");
        when(r.getRequestURI()).thenReturn(uri);
        when(r.getQueryString()).thenReturn(query);
        when(r.getServletPath()).thenReturn(uri);
        when(r.getDispatcherType()).thenReturn(DispatcherType.REQUEST);
        when(r.getServerName()).thenReturn("localhost");
        when(r.getHeader(anyString())).thenAnswer(i -> {
            List<String> v = h.get(i.<String>getArgument(0));
            return v == null ? null : v.get(0);
        });
        when(r.getHeaders(anyString())).thenAnswer(i -> Collections.enumeration(h.getOrDefault(i.<String>getArgument(0), List.of())));
        when(r.getAttribute(anyString())).thenAnswer(i -> attributes.get(i.<String>getArgument(0)));
        org.mockito.Mockito.doAnswer(i -> attributes.put(i.getArgument(0), i.getArgument(1))).when(r).setAttribute(anyString(), org.mockito.ArgumentMatchers.any());
        return r;
    }

    static Map<String, String> map(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
