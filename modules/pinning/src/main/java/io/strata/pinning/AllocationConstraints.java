package io.strata.pinning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses placement constraints written as {@code tag:<key>=<value>} (for example {@code tag:region=eu})
 * into the required-tag map of a {@link ClusterPin}.
 */
public final class AllocationConstraints {

    private static final String TAG_PREFIX = "tag:";

    private AllocationConstraints() {
    }

    public static Map<String, String> parse(List<String> constraints) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String constraint : constraints) {
            if (!constraint.startsWith(TAG_PREFIX)) {
                throw invalid(constraint, "must start with " + TAG_PREFIX);
            }
            String body = constraint.substring(TAG_PREFIX.length());
            int equals = body.indexOf('=');
            if (equals <= 0 || equals == body.length() - 1) {
                throw invalid(constraint, "must have the form tag:<key>=<value>");
            }
            String key = body.substring(0, equals);
            String value = body.substring(equals + 1);
            String previous = tags.putIfAbsent(key, value);
            if (previous != null && !previous.equals(value)) {
                throw invalid(constraint, "contradicts tag:" + key + "=" + previous);
            }
        }
        return tags;
    }

    private static PinningException invalid(String constraint, String reason) {
        return new PinningException(PinningException.Code.INVALID_CONSTRAINT,
                "constraint '" + constraint + "' " + reason);
    }
}
