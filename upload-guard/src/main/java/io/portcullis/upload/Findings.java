package io.portcullis.upload;

import java.util.ArrayList;
import java.util.List;

/** Reasons found while inspecting one file, in the order found, without duplicates. */
final class Findings {
    private final List<Reason> reasons = new ArrayList<>();
    private final List<String> messages = new ArrayList<>();

    void add(Reason reason, String message) {
        if (!reasons.contains(reason)) {
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

    String message() {
        return messages.isEmpty() ? "accepted" : messages.get(0);
    }
}
