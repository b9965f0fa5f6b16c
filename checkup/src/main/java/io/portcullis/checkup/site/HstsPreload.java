package io.portcullis.checkup.site;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The HSTS preload list, read from Chromium's {@code net/http/transport_security_state_static.json}
 * (comments allowed), looked up the way the Observatory does ({@code src/analyzer/hsts.js}): the
 * host itself with {@code mode: force-https}, or a parent domain that also has
 * {@code include_subdomains}. Without a file nothing is preloaded and reports say the preload
 * status was not checked.
 */
final class HstsPreload {

    /** One list entry. */
    record Entry(String name, boolean includeSubDomains) {
    }

    private final Map<String, Entry> forced;
    private final Path source;

    private HstsPreload(Map<String, Entry> forced, Path source) {
        this.forced = forced;
        this.source = source;
    }

    /** No list: every lookup says "not preloaded" and {@link #checked()} is false. */
    static HstsPreload none() {
        return new HstsPreload(Map.of(), null);
    }

    /**
     * Reads Chromium's JSON.
     *
     * @throws SiteAudit.PreloadListException when the file cannot be read or is not that JSON
     *         (the message names the file and says which)
     */
    static HstsPreload read(Path file) throws SiteAudit.PreloadListException {
        ObjectMapper mapper = JsonMapper.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
                .enable(JsonReadFeature.ALLOW_TRAILING_COMMA).build();
        JsonNode root;
        try {
            root = mapper.readTree(Files.readString(file));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new SiteAudit.PreloadListException(file + " is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) { // unreadable, or not UTF-8 (MalformedInputException)
            throw new SiteAudit.PreloadListException(file + " cannot be read as UTF-8 text: " + e, e);
        }
        JsonNode entries = root == null ? null : root.get("entries");
        if (entries == null || !entries.isArray()) {
            throw new SiteAudit.PreloadListException(file + " has no \"entries\" array (expected Chromium's "
                    + "transport_security_state_static.json)", null);
        }
        Map<String, Entry> forced = new HashMap<>();
        for (JsonNode e : entries) {
            String name = e.path("name").asText("").strip().toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && "force-https".equals(e.path("mode").asText())) {
                forced.put(name, new Entry(name, e.path("include_subdomains").asBoolean(false)));
            }
        }
        return new HstsPreload(Map.copyOf(forced), file);
    }

    /** Whether a list was given at all. */
    boolean checked() {
        return source != null;
    }

    int size() {
        return forced.size();
    }

    /** The entry that preloads {@code host}, if any. */
    Optional<Entry> preloaded(String host) {
        if (host == null) {
            return Optional.empty();
        }
        String h = host.toLowerCase(Locale.ROOT);
        Entry exact = forced.get(h);
        if (exact != null) {
            return Optional.of(exact);
        }
        String[] parts = h.split("\\.");
        for (int i = 1; i < parts.length; i++) {
            Entry parent = forced.get(String.join(".", java.util.Arrays.copyOfRange(parts, i, parts.length)));
            if (parent != null && parent.includeSubDomains()) {
                return Optional.of(parent);
            }
        }
        return Optional.empty();
    }
}
