package org.qbench.harness.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model that ONNX's integer operators cannot express. The message is one line: each distinct reason, most
 * frequent first, with the layers it applies to.
 */
public final class ExportRefused extends RuntimeException {

    private final List<String> reasons;

    /** Refused because {@code reason} (already naming where). */
    public ExportRefused(String reason) {
        super(reason);
        this.reasons = List.of(reason);
    }

    private ExportRefused(String message, List<String> reasons) {
        super(message);
        this.reasons = List.copyOf(reasons);
    }

    /** The distinct reasons, most frequent first, without the layer paths. */
    public List<String> reasons() {
        return reasons;
    }

    /** One refusal of the layer at {@code path}. */
    record At(String path, String reason) {}

    /** The refusal of a whole model from its layers' refusals (at least one). */
    static ExportRefused of(List<At> refusals) {
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        refusals.forEach(r -> byReason.computeIfAbsent(r.reason(), k -> new ArrayList<>()).add(r.path()));
        List<Map.Entry<String, List<String>>> sorted = new ArrayList<>(byReason.entrySet());
        sorted.sort((a, b) -> Integer.compare(b.getValue().size(), a.getValue().size()));
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : sorted) {
            List<String> paths = e.getValue();
            parts.add(e.getKey() + " (" + paths.size() + (paths.size() == 1 ? " layer: " : " layers: ")
                    + String.join(", ", paths.subList(0, Math.min(3, paths.size()))) + (paths.size() > 3 ? ", ..." : "") + ")");
        }
        return new ExportRefused(String.join("; ", parts), sorted.stream().map(Map.Entry::getKey).toList());
    }
}
