package io.portcullis.upload;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reasons found while inspecting one file, in the order found, without duplicates. Reasons the
 * policy explicitly waives ({@code dangerously-allow-embedded-objects},
 * {@code dangerously-allow-external-references}) are dropped as they are added.
 */
final class Findings {
    private final List<Reason> reasons = new ArrayList<>();
    private final List<String> messages = new ArrayList<>();
    private final Set<Reason> waived;

    Findings() {
        this.waived = EnumSet.noneOf(Reason.class);
    }

    Findings(UploadPolicy policy) {
        this.waived = EnumSet.noneOf(Reason.class);
        if (policy.dangerouslyAllowEmbeddedObjects()) {
            waived.add(Reason.EMBEDDED_OBJECT);
        }
        if (policy.dangerouslyAllowExternalReferences()) {
            waived.add(Reason.EXTERNAL_REFERENCE);
        }
    }

    void add(Reason reason, String message) {
        if (!reasons.contains(reason) && !waived.contains(reason)) {
            reasons.add(reason);
            messages.add(message);
        }
    }

    boolean has(Reason reason) {
        return reasons.contains(reason);
    }

    boolean isEmpty() {
        return reasons.isEmpty();
    }

    List<Reason> reasons() {
        return reasons;
    }

    List<String> messages() {
        return messages;
    }

    String message() {
        return messages.isEmpty() ? "accepted" : messages.get(0);
    }
}
