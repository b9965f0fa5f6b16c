package io.portcullis.upload;

import io.portcullis.core.ConfigException;
import io.portcullis.core.ConfigReader;
import io.portcullis.core.Settings;
import io.portcullis.core.WireToken;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What uploads are accepted: an explicit extension → detected-type matrix and hard limits.
 * Immutable; build with {@link #builder()}, start from a preset ({@link #images()},
 * {@link #documents()}, {@link #office()}) or read {@code portcullis.upload.*} keys with
 * {@link #from(Settings)}. Validation happens only in {@link Builder#build()}.
 *
 * <p>The matrix: each allowed extension maps to the exact types the bytes must be detected as
 * (from the bytes alone). {@code jpg,jpeg → image/jpeg}, {@code png → image/png},
 * {@code docx → application/vnd.openxmlformats-officedocument.wordprocessingml.document},
 * {@code csv → text/plain|text/csv} (plus a CSV content check), … The full list is
 * {@link #catalogue()}. Executables and HTML/JS/PHP/JSP are not in the catalogue and can never
 * be allowed. SVG needs {@code dangerously-allow-svg}; legacy OLE2 ({@code doc,xls,ppt}) needs
 * {@code allow-legacy-office}.
 */
public final class UploadPolicy {

    /** Ready-made extension sets. */
    public enum Preset implements WireToken {
        /** {@code jpg, jpeg, png, gif, webp}. */
        IMAGES("images", List.of("jpg", "jpeg", "png", "gif", "webp")),
        /** {@code pdf, txt}. */
        DOCUMENTS("documents", List.of("pdf", "txt")),
        /** {@code docx, xlsx, pptx, odt, ods, odp, pdf}: macro-enabled and legacy OLE2 variants are not included. */
        OFFICE("office", List.of("docx", "xlsx", "pptx", "odt", "ods", "odp", "pdf"));

        private final String token;
        private final List<String> extensions;

        Preset(String token, List<String> extensions) {
            this.token = token;
            this.extensions = extensions;
        }

        @Override
        public String token() {
            return token;
        }

        /** The extensions of this preset. */
        public List<String> extensions() {
            return extensions;
        }
    }

    /** {@code images} (default), {@code documents} or {@code office}. */
    public static final String KEY_PRESET = UploadKeys.PRESET.name();
    /** Comma-separated extensions; replaces the preset's list when set. */
    public static final String KEY_ALLOW = UploadKeys.ALLOW.name();
    /** Per-file byte limit, default 10485760 (10 MiB). */
    public static final String KEY_MAX_FILE_SIZE = UploadKeys.MAX_FILE_SIZE.name();
    /** Per-request byte limit (filter), default 52428800 (50 MiB). */
    public static final String KEY_MAX_REQUEST_SIZE = UploadKeys.MAX_REQUEST_SIZE.name();
    /** Parts per multipart request (files and fields), default 20. */
    public static final String KEY_MAX_PARTS = UploadKeys.MAX_PARTS.name();
    /** Bytes per form field (non-file part), default 65536. */
    public static final String KEY_MAX_FIELD_SIZE = UploadKeys.MAX_FIELD_SIZE.name();
    /** Header bytes per part, default 512 (as commons-fileupload and Tomcat). */
    public static final String KEY_MAX_PART_HEADER_SIZE = UploadKeys.MAX_PART_HEADER_SIZE.name();
    /** Filename length in UTF-8 bytes, default 255. */
    public static final String KEY_MAX_FILENAME_BYTES = UploadKeys.MAX_FILENAME_BYTES.name();
    /** Image width x height, default 50000000, checked from headers before any decode. */
    public static final String KEY_MAX_PIXELS = UploadKeys.MAX_PIXELS.name();
    /** Zip/OLE2 entries, default 10000. */
    public static final String KEY_MAX_ENTRIES = UploadKeys.MAX_ENTRIES.name();
    /** Total inflated bytes of a zip container, default 104857600 (100 MiB). */
    public static final String KEY_MAX_INFLATED_SIZE = UploadKeys.MAX_INFLATED_SIZE.name();
    /** Inflated/compressed ratio, default 100 (checked for the whole archive and each entry once over 8 MiB inflated). */
    public static final String KEY_MAX_RATIO = UploadKeys.MAX_RATIO.name();
    /** Wall-clock budget for inspecting one file, default 10 s. */
    public static final String KEY_MAX_INSPECT_SECONDS = UploadKeys.MAX_INSPECT_SECONDS.name();
    /** Allows {@code svg} in the allowlist (then only script-free SVG without external references or DOCTYPE). Default false. */
    public static final String KEY_DANGEROUSLY_ALLOW_SVG = UploadKeys.DANGEROUSLY_ALLOW_SVG.name();
    /** Allows {@code doc, xls, ppt} in the allowlist (macro storages still rejected). Default false. */
    public static final String KEY_ALLOW_LEGACY_OFFICE = UploadKeys.ALLOW_LEGACY_OFFICE.name();
    /**
     * How deep embedded Office packages (a chart's workbook inside a .pptx, a .docx inside a .xlsx)
     * are inspected, default 2; they share the upload's time and inflated-size budget. 0 refuses
     * every embedding as {@code EMBEDDED_OBJECT}; deeper packages are refused too.
     */
    public static final String KEY_MAX_EMBEDDING_DEPTH = UploadKeys.MAX_EMBEDDING_DEPTH.name();
    /**
     * Accepts embedded objects that cannot be inspected (OLE objects and packages in Office files,
     * OLE2 {@code ObjectPool}/{@code MBD} storages, PowerPoint {@code ExOleObjStg}, PDF
     * {@code EmbeddedFiles}) instead of refusing them as {@code EMBEDDED_OBJECT}. Default false.
     */
    public static final String KEY_DANGEROUSLY_ALLOW_EMBEDDED_OBJECTS = UploadKeys.DANGEROUSLY_ALLOW_EMBEDDED_OBJECTS.name();
    /**
     * Accepts external references (Office {@code TargetMode="External"} relationships such as
     * attached templates and linked workbooks, remote XML schema locations, SVG/XML external
     * references) instead of refusing them as {@code EXTERNAL_REFERENCE}. Default false.
     */
    public static final String KEY_DANGEROUSLY_ALLOW_EXTERNAL_REFERENCES = UploadKeys.DANGEROUSLY_ALLOW_EXTERNAL_REFERENCES.name();
    /**
     * Accepts encrypted PDFs ({@code /Encrypt} in the trailer). Their strings and streams, object
     * streams included, cannot be read, so JavaScript or files hidden there are not seen; only
     * the unencrypted dictionaries are checked. Default false ({@code ENCRYPTED}).
     */
    public static final String KEY_DANGEROUSLY_ALLOW_ENCRYPTED_PDF = UploadKeys.DANGEROUSLY_ALLOW_ENCRYPTED_PDF.name();
    /** Rejects CSV cells starting with {@code = + - @} (formula injection). Default true. */
    public static final String KEY_REJECT_CSV_FORMULAS = UploadKeys.REJECT_CSV_FORMULAS.name();
    /** Directory for spooled parts, default {@code java.io.tmpdir}. */
    public static final String KEY_TEMP_DIR = UploadKeys.TEMP_DIR.name();
    /** Filter only: request path prefixes (after the context path) inspected; default all mapped paths. */
    public static final String KEY_PATHS = UploadKeys.PATHS.name();

    /**
     * Filter only: {@code multipart/*} subtypes besides {@code form-data} that are inspected like it
     * (e.g. {@code mixed, related}); default none: any other multipart request on a guarded path is
     * refused with 415 {@code MULTIPART_TYPE_REFUSED}, because containers and frameworks hand its
     * files to applications all the same.
     */
    public static final String KEY_ALLOW_MULTIPART_SUBTYPES = UploadKeys.ALLOW_MULTIPART_SUBTYPES.name();

    /** Every key of the {@code upload} area (names of {@link UploadKeys#KEYS}, which also carry type, default, rule and doc). */
    public static final Set<String> KEYS = Set.copyOf(UploadKeys.KEYS.names());

    private final Map<String, Set<String>> matrix;
    private final long maxFileSize;
    private final long maxRequestSize;
    private final int maxParts;
    private final int maxFieldSize;
    private final int maxPartHeaderSize;
    private final int maxFilenameBytes;
    private final long maxPixels;
    private final int maxEntries;
    private final long maxInflatedSize;
    private final int maxRatio;
    private final Duration maxInspectTime;
    private final boolean dangerouslyAllowSvg;
    private final boolean allowLegacyOffice;
    private final boolean rejectCsvFormulas;
    private final int maxEmbeddingDepth;
    private final boolean dangerouslyAllowEmbeddedObjects;
    private final boolean dangerouslyAllowExternalReferences;
    private final boolean dangerouslyAllowEncryptedPdf;
    private final Path tempDir;
    private final List<String> paths;
    private final Set<String> multipartSubtypes;

    private UploadPolicy(Builder b, Map<String, Set<String>> matrix) {
        this.matrix = matrix;
        this.maxFileSize = b.maxFileSize;
        this.maxRequestSize = b.maxRequestSize;
        this.maxParts = b.maxParts;
        this.maxFieldSize = b.maxFieldSize;
        this.maxPartHeaderSize = b.maxPartHeaderSize;
        this.maxFilenameBytes = b.maxFilenameBytes;
        this.maxPixels = b.maxPixels;
        this.maxEntries = b.maxEntries;
        this.maxInflatedSize = b.maxInflatedSize;
        this.maxRatio = b.maxRatio;
        this.maxInspectTime = b.maxInspectTime;
        this.dangerouslyAllowSvg = b.dangerouslyAllowSvg;
        this.allowLegacyOffice = b.allowLegacyOffice;
        this.rejectCsvFormulas = b.rejectCsvFormulas;
        this.maxEmbeddingDepth = b.maxEmbeddingDepth;
        this.dangerouslyAllowEmbeddedObjects = b.dangerouslyAllowEmbeddedObjects;
        this.dangerouslyAllowExternalReferences = b.dangerouslyAllowExternalReferences;
        this.dangerouslyAllowEncryptedPdf = b.dangerouslyAllowEncryptedPdf;
        this.tempDir = b.tempDir;
        this.paths = List.copyOf(b.paths);
        this.multipartSubtypes = Set.copyOf(b.multipartSubtypes);
    }

    /** A new builder with the defaults and an empty allowlist. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults with the {@link Preset#IMAGES} allowlist. */
    public static UploadPolicy defaults() {
        return images();
    }

    /** {@code jpg, jpeg, png, gif, webp} with the default limits. */
    public static UploadPolicy images() {
        return builder().preset(Preset.IMAGES).build();
    }

    /** {@code pdf, txt} with the default limits. */
    public static UploadPolicy documents() {
        return builder().preset(Preset.DOCUMENTS).build();
    }

    /** {@code docx, xlsx, pptx, odt, ods, odp, pdf} with the default limits. */
    public static UploadPolicy office() {
        return builder().preset(Preset.OFFICE).build();
    }

    /** A policy allowing exactly {@code extensions} (catalogue rows), default limits. */
    public static UploadPolicy allowing(String... extensions) {
        return builder().allow(extensions).build();
    }

    /**
     * Reads the {@code portcullis.upload.*} keys (defaults as documented on each key constant).
     *
     * @throws ConfigException on an unknown key (with a did-you-mean) or a bad value
     */
    public static UploadPolicy from(Settings settings) {
        ConfigReader r = ConfigReader.of(settings, UploadKeys.KEYS);
        Builder b = builder();
        b.extensions.addAll(r.isSet(KEY_ALLOW) ? r.get(UploadKeys.ALLOW) : r.get(UploadKeys.PRESET).extensions());
        b.maxFileSize = r.get(UploadKeys.MAX_FILE_SIZE);
        b.maxRequestSize = r.get(UploadKeys.MAX_REQUEST_SIZE);
        b.maxParts = r.get(UploadKeys.MAX_PARTS);
        b.maxFieldSize = r.get(UploadKeys.MAX_FIELD_SIZE);
        b.maxPartHeaderSize = r.get(UploadKeys.MAX_PART_HEADER_SIZE);
        b.maxFilenameBytes = r.get(UploadKeys.MAX_FILENAME_BYTES);
        b.maxPixels = r.get(UploadKeys.MAX_PIXELS);
        b.maxEntries = r.get(UploadKeys.MAX_ENTRIES);
        b.maxInflatedSize = r.get(UploadKeys.MAX_INFLATED_SIZE);
        b.maxRatio = r.get(UploadKeys.MAX_RATIO);
        b.maxInspectTime = r.get(UploadKeys.MAX_INSPECT_SECONDS);
        b.dangerouslyAllowSvg = r.get(UploadKeys.DANGEROUSLY_ALLOW_SVG);
        b.allowLegacyOffice = r.get(UploadKeys.ALLOW_LEGACY_OFFICE);
        b.rejectCsvFormulas = r.get(UploadKeys.REJECT_CSV_FORMULAS);
        b.maxEmbeddingDepth = r.get(UploadKeys.MAX_EMBEDDING_DEPTH);
        b.dangerouslyAllowEmbeddedObjects = r.get(UploadKeys.DANGEROUSLY_ALLOW_EMBEDDED_OBJECTS);
        b.dangerouslyAllowExternalReferences = r.get(UploadKeys.DANGEROUSLY_ALLOW_EXTERNAL_REFERENCES);
        b.dangerouslyAllowEncryptedPdf = r.get(UploadKeys.DANGEROUSLY_ALLOW_ENCRYPTED_PDF);
        b.tempDir = r.get(UploadKeys.TEMP_DIR);
        b.paths.addAll(r.get(UploadKeys.PATHS));
        b.allowMultipartSubtypes(r.get(UploadKeys.ALLOW_MULTIPART_SUBTYPES).toArray(String[]::new));
        return b.build();
    }

    /** Every extension the catalogue knows, in catalogue order. */
    public static Set<String> catalogue() {
        return Collections.unmodifiableSet(Catalogue.extensions());
    }

    /** The allowed extensions, lower case, in the order given. */
    public Set<String> allowedExtensions() {
        return matrix.keySet();
    }

    /** The exact detected types {@code extension} accepts, empty when not allowed. */
    public Set<String> allowedTypes(String extension) {
        return matrix.getOrDefault(extension.toLowerCase(Locale.ROOT), Set.of());
    }

    /** The full matrix: extension → accepted detected types. */
    public Map<String, Set<String>> matrix() {
        return matrix;
    }

    public long maxFileSize() {
        return maxFileSize;
    }

    public long maxRequestSize() {
        return maxRequestSize;
    }

    public int maxParts() {
        return maxParts;
    }

    public int maxFieldSize() {
        return maxFieldSize;
    }

    public int maxPartHeaderSize() {
        return maxPartHeaderSize;
    }

    public int maxFilenameBytes() {
        return maxFilenameBytes;
    }

    public long maxPixels() {
        return maxPixels;
    }

    public int maxEntries() {
        return maxEntries;
    }

    public long maxInflatedSize() {
        return maxInflatedSize;
    }

    public int maxRatio() {
        return maxRatio;
    }

    public Duration maxInspectTime() {
        return maxInspectTime;
    }

    public boolean dangerouslyAllowSvg() {
        return dangerouslyAllowSvg;
    }

    public boolean allowLegacyOffice() {
        return allowLegacyOffice;
    }

    public boolean rejectCsvFormulas() {
        return rejectCsvFormulas;
    }

    /** How deep embedded Office packages are inspected (0: every embedding is refused). */
    public int maxEmbeddingDepth() {
        return maxEmbeddingDepth;
    }

    public boolean dangerouslyAllowEmbeddedObjects() {
        return dangerouslyAllowEmbeddedObjects;
    }

    public boolean dangerouslyAllowExternalReferences() {
        return dangerouslyAllowExternalReferences;
    }

    public boolean dangerouslyAllowEncryptedPdf() {
        return dangerouslyAllowEncryptedPdf;
    }

    /** Where parts and streams are spooled; empty means {@code java.io.tmpdir}. */
    public Optional<Path> tempDir() {
        return Optional.ofNullable(tempDir);
    }

    /** Filter path prefixes; empty means every request the filter is mapped to. */
    public List<String> paths() {
        return paths;
    }

    /** {@code multipart/*} subtypes inspected besides {@code form-data} (lower case); empty by default. */
    public Set<String> multipartSubtypes() {
        return multipartSubtypes;
    }

    /** A builder holding this policy's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.extensions.addAll(matrix.keySet());
        matrix.forEach((ext, types) -> {
            Catalogue.Row row = Catalogue.row(ext);
            if (!row.types().equals(types)) {
                b.exact.put(ext, types);
            }
        });
        b.maxFileSize = maxFileSize;
        b.maxRequestSize = maxRequestSize;
        b.maxParts = maxParts;
        b.maxFieldSize = maxFieldSize;
        b.maxPartHeaderSize = maxPartHeaderSize;
        b.maxFilenameBytes = maxFilenameBytes;
        b.maxPixels = maxPixels;
        b.maxEntries = maxEntries;
        b.maxInflatedSize = maxInflatedSize;
        b.maxRatio = maxRatio;
        b.maxInspectTime = maxInspectTime;
        b.dangerouslyAllowSvg = dangerouslyAllowSvg;
        b.allowLegacyOffice = allowLegacyOffice;
        b.rejectCsvFormulas = rejectCsvFormulas;
        b.maxEmbeddingDepth = maxEmbeddingDepth;
        b.dangerouslyAllowEmbeddedObjects = dangerouslyAllowEmbeddedObjects;
        b.dangerouslyAllowExternalReferences = dangerouslyAllowExternalReferences;
        b.dangerouslyAllowEncryptedPdf = dangerouslyAllowEncryptedPdf;
        b.tempDir = tempDir;
        b.paths.addAll(paths);
        b.multipartSubtypes.addAll(multipartSubtypes);
        return b;
    }

    @Override
    public String toString() {
        return "UploadPolicy" + matrix + " maxFileSize=" + maxFileSize + " maxRequestSize=" + maxRequestSize
                + " maxParts=" + maxParts;
    }

    /** Mutable builder; {@link #build()} validates everything. */
    public static final class Builder {
        private final Set<String> extensions = new LinkedHashSet<>();
        private final Map<String, Set<String>> exact = new LinkedHashMap<>();
        private long maxFileSize = UploadKeys.MAX_FILE_SIZE.defaultValue();
        private long maxRequestSize = UploadKeys.MAX_REQUEST_SIZE.defaultValue();
        private int maxParts = UploadKeys.MAX_PARTS.defaultValue();
        private int maxFieldSize = UploadKeys.MAX_FIELD_SIZE.defaultValue();
        private int maxPartHeaderSize = UploadKeys.MAX_PART_HEADER_SIZE.defaultValue();
        private int maxFilenameBytes = UploadKeys.MAX_FILENAME_BYTES.defaultValue();
        private long maxPixels = UploadKeys.MAX_PIXELS.defaultValue();
        private int maxEntries = UploadKeys.MAX_ENTRIES.defaultValue();
        private long maxInflatedSize = UploadKeys.MAX_INFLATED_SIZE.defaultValue();
        private int maxRatio = UploadKeys.MAX_RATIO.defaultValue();
        private Duration maxInspectTime = UploadKeys.MAX_INSPECT_SECONDS.defaultValue();
        private boolean dangerouslyAllowSvg;
        private boolean allowLegacyOffice;
        private boolean rejectCsvFormulas = UploadKeys.REJECT_CSV_FORMULAS.defaultValue();
        private int maxEmbeddingDepth = UploadKeys.MAX_EMBEDDING_DEPTH.defaultValue();
        private boolean dangerouslyAllowEmbeddedObjects;
        private boolean dangerouslyAllowExternalReferences;
        private boolean dangerouslyAllowEncryptedPdf;
        private Path tempDir;
        private final List<String> paths = new ArrayList<>();
        private final Set<String> multipartSubtypes = new LinkedHashSet<>();

        private Builder() {
        }

        /** Adds the extensions of {@code preset}. */
        public Builder preset(Preset preset) {
            extensions.addAll(preset.extensions());
            return this;
        }

        /** Adds catalogue extensions (case-insensitive, without the dot). */
        public Builder allow(String... extensions) {
            for (String e : extensions) {
                this.extensions.add(Objects.requireNonNull(e, "extension").toLowerCase(Locale.ROOT));
            }
            return this;
        }

        /** Removes all allowed extensions (to start from an empty matrix after toBuilder()). */
        public Builder clearAllowed() {
            extensions.clear();
            exact.clear();
            return this;
        }

        /**
         * Narrows the matrix row of a catalogue extension to {@code types} (each must be one of the
         * catalogue's types for it), and allows the extension.
         */
        public Builder allowExactly(String extension, String... types) {
            String e = extension.toLowerCase(Locale.ROOT);
            extensions.add(e);
            exact.put(e, Set.of(types));
            return this;
        }

        public Builder maxFileSize(long bytes) {
            this.maxFileSize = bytes;
            return this;
        }

        public Builder maxRequestSize(long bytes) {
            this.maxRequestSize = bytes;
            return this;
        }

        public Builder maxParts(int parts) {
            this.maxParts = parts;
            return this;
        }

        public Builder maxFieldSize(int bytes) {
            this.maxFieldSize = bytes;
            return this;
        }

        public Builder maxPartHeaderSize(int bytes) {
            this.maxPartHeaderSize = bytes;
            return this;
        }

        public Builder maxFilenameBytes(int bytes) {
            this.maxFilenameBytes = bytes;
            return this;
        }

        public Builder maxPixels(long pixels) {
            this.maxPixels = pixels;
            return this;
        }

        public Builder maxEntries(int entries) {
            this.maxEntries = entries;
            return this;
        }

        public Builder maxInflatedSize(long bytes) {
            this.maxInflatedSize = bytes;
            return this;
        }

        public Builder maxRatio(int ratio) {
            this.maxRatio = ratio;
            return this;
        }

        public Builder maxInspectTime(Duration time) {
            this.maxInspectTime = Objects.requireNonNull(time, "time");
            return this;
        }

        /** Lets {@code svg} be allowed; accepted SVG must still be free of script, handlers, external references and DOCTYPE. */
        public Builder dangerouslyAllowSvg(boolean allow) {
            this.dangerouslyAllowSvg = allow;
            return this;
        }

        /** Lets {@code doc, xls, ppt} be allowed; OLE2 macro storages are still rejected. */
        public Builder allowLegacyOffice(boolean allow) {
            this.allowLegacyOffice = allow;
            return this;
        }

        public Builder rejectCsvFormulas(boolean reject) {
            this.rejectCsvFormulas = reject;
            return this;
        }

        /** How deep embedded Office packages are inspected, 0 to 5 (default 2). */
        public Builder maxEmbeddingDepth(int depth) {
            this.maxEmbeddingDepth = depth;
            return this;
        }

        /** Accepts embedded objects that cannot be inspected (see {@link #KEY_DANGEROUSLY_ALLOW_EMBEDDED_OBJECTS}). */
        public Builder dangerouslyAllowEmbeddedObjects(boolean allow) {
            this.dangerouslyAllowEmbeddedObjects = allow;
            return this;
        }

        /** Accepts external references (see {@link #KEY_DANGEROUSLY_ALLOW_EXTERNAL_REFERENCES}). */
        public Builder dangerouslyAllowExternalReferences(boolean allow) {
            this.dangerouslyAllowExternalReferences = allow;
            return this;
        }

        /** Accepts encrypted PDFs, whose strings and streams cannot be inspected. */
        public Builder dangerouslyAllowEncryptedPdf(boolean allow) {
            this.dangerouslyAllowEncryptedPdf = allow;
            return this;
        }

        public Builder tempDir(Path dir) {
            this.tempDir = dir;
            return this;
        }

        /** Filter only: path prefixes to inspect (each starting with {@code /}). */
        public Builder paths(String... prefixes) {
            paths.addAll(List.of(prefixes));
            return this;
        }

        /**
         * Filter only: also inspect (instead of refusing) requests of these {@code multipart/*}
         * subtypes, e.g. {@code "mixed"}.
         */
        public Builder allowMultipartSubtypes(String... subtypes) {
            for (String t : subtypes) {
                multipartSubtypes.add(Objects.requireNonNull(t, "subtype").strip().toLowerCase(Locale.ROOT));
            }
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws ConfigException (an {@link IllegalArgumentException}) naming the key of the first problem, with the
         *         same message the properties reader gives for the same value
         */
        public UploadPolicy build() {
            Map<String, Set<String>> matrix = new LinkedHashMap<>();
            for (String e : extensions) {
                UploadKeys.ALLOW.check(List.of(e));
                Catalogue.Row row = Catalogue.row(e);
                if (Catalogue.SVG.contains(e) && !dangerouslyAllowSvg) {
                    throw new ConfigException(KEY_ALLOW + " entry \"svg\" is active content (script, XSS);"
                            + " set " + KEY_DANGEROUSLY_ALLOW_SVG + "=true to accept script-free SVG");
                }
                if (Catalogue.LEGACY_OFFICE.contains(e) && !allowLegacyOffice) {
                    throw new ConfigException(KEY_ALLOW + " entry \"" + e + "\" is legacy OLE2 Office;"
                            + " set " + KEY_ALLOW_LEGACY_OFFICE + "=true to accept it (macro storages stay rejected)");
                }
                Set<String> types = exact.getOrDefault(e, row.types());
                if (types.isEmpty() || !row.types().containsAll(types)) {
                    throw new ConfigException("types for " + e + " must be a non-empty subset of "
                            + row.types() + "; got " + types);
                }
                // sorted: messages that list them read the same in every run (Set.copyOf's order varies per JVM)
                matrix.put(e, Collections.unmodifiableSortedSet(new TreeSet<>(types)));
            }
            UploadKeys.MAX_FILE_SIZE.check(maxFileSize);
            UploadKeys.MAX_REQUEST_SIZE.check(maxRequestSize);
            UploadKeys.MAX_PARTS.check(maxParts);
            UploadKeys.MAX_FIELD_SIZE.check(maxFieldSize);
            UploadKeys.MAX_PART_HEADER_SIZE.check(maxPartHeaderSize);
            UploadKeys.MAX_FILENAME_BYTES.check(maxFilenameBytes);
            UploadKeys.MAX_PIXELS.check(maxPixels);
            UploadKeys.MAX_ENTRIES.check(maxEntries);
            UploadKeys.MAX_INFLATED_SIZE.check(maxInflatedSize);
            UploadKeys.MAX_RATIO.check(maxRatio);
            UploadKeys.MAX_INSPECT_SECONDS.check(maxInspectTime);
            UploadKeys.MAX_EMBEDDING_DEPTH.check(maxEmbeddingDepth);
            UploadKeys.PATHS.check(paths);
            UploadKeys.ALLOW_MULTIPART_SUBTYPES.check(List.copyOf(multipartSubtypes));
            return new UploadPolicy(this, Collections.unmodifiableMap(matrix));
        }
    }
}
