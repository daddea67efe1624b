package io.strata.gateway;

/** {@code If-None-Match} matching (RFC 9110 section 13.1.2: weak comparison, lists, {@code *}). */
final class Etags {

    private Etags() {
    }

    static boolean matches(String ifNoneMatch, String etag) {
        if (etag == null) {
            return false;
        }
        String wanted = opaque(etag);
        for (String candidate : ifNoneMatch.split(",")) {
            String trimmed = candidate.trim();
            if (trimmed.equals("*") || opaque(trimmed).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
