package io.strata.pinning.service;

import io.strata.multiformats.Cid;
import io.strata.pinning.ClusterPin;
import io.strata.pinning.PinServiceStatus;
import io.vertx.core.MultiMap;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The filters of {@code GET /pins}, parsed and checked as the spec defines them: {@code cid} (up to 10,
 * repeated as the spec's exploded form style has it, or comma-separated as the Go client sends them), {@code name} with {@code match} (exact, iexact, partial, ipartial), {@code status}
 * (repeated or comma-separated, default {@code pinned}), {@code before} / {@code after} (ISO 8601 creation times),
 * {@code limit} (1..1000, default 10) and {@code meta} (a JSON object every listed pin's meta contains).
 * A malformed parameter is an {@link IllegalArgumentException} naming it.
 */
record PinListQuery(Set<Cid> cids, String name, NameMatch match, Set<PinServiceStatus> statuses, Instant before,
                    Instant after, int limit, Map<String, String> meta) {

    static final int MAX_LIMIT = 1_000;
    static final int MAX_CIDS = 10;

    enum NameMatch {
        EXACT, IEXACT, PARTIAL, IPARTIAL;

        boolean matches(String wanted, String actual) {
            return switch (this) {
                case EXACT -> actual.equals(wanted);
                case IEXACT -> actual.equalsIgnoreCase(wanted);
                case PARTIAL -> actual.contains(wanted);
                case IPARTIAL -> actual.toLowerCase(Locale.ROOT).contains(wanted.toLowerCase(Locale.ROOT));
            };
        }
    }

    static PinListQuery parse(MultiMap params) {
        Set<Cid> cids = new LinkedHashSet<>();
        for (String cidParam : params.getAll("cid")) {
            for (String text : cidParam.split(",")) {
                try {
                    cids.add(Cid.parse(text.trim()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("cid: not a CID: " + text);
                }
            }
        }
        if (cids.size() > MAX_CIDS) {
            throw new IllegalArgumentException("cid: at most " + MAX_CIDS + " CIDs, got " + cids.size());
        }
        String name = params.get("name");
        if (name != null && name.length() > 255) {
            throw new IllegalArgumentException("name: longer than 255 characters");
        }
        NameMatch match = NameMatch.EXACT;
        String matchParam = params.get("match");
        if (matchParam != null) {
            try {
                match = NameMatch.valueOf(matchParam.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("match: must be exact, iexact, partial or ipartial, got "
                        + matchParam);
            }
        }
        Set<PinServiceStatus> statuses = EnumSet.noneOf(PinServiceStatus.class);
        for (String statusParam : params.getAll("status")) {
            for (String text : statusParam.split(",")) {
                statuses.add(PinServiceStatus.byWireName(text.trim()).orElseThrow(() -> new IllegalArgumentException(
                        "status: must be queued, pinning, pinned or failed, got " + text)));
            }
        }
        if (statuses.isEmpty()) {
            statuses.add(PinServiceStatus.PINNED);
        }
        int limit = 10;
        String limitParam = params.get("limit");
        if (limitParam != null) {
            try {
                limit = Integer.parseInt(limitParam);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("limit: not an integer: " + limitParam);
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("limit: must be 1.." + MAX_LIMIT + ", got " + limit);
            }
        }
        return new PinListQuery(Set.copyOf(cids), name, match, Set.copyOf(statuses), time(params, "before"),
                time(params, "after"), limit, meta(params.get("meta")));
    }

    private static Instant time(MultiMap params, String key) {
        String text = params.get(key);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(key + ": not an ISO 8601 date-time: " + text);
        }
    }

    private static Map<String, String> meta(String text) {
        if (text == null) {
            return Map.of();
        }
        JsonObject json;
        try {
            json = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("meta: not a JSON object: " + text);
        }
        return PinRequestBody.stringMap(json, "meta");
    }

    /** Whether {@code pin} in {@code status} passes every filter. */
    boolean matches(ClusterPin pin, PinServiceStatus status) {
        if (!statuses.contains(status) || (!cids.isEmpty() && !cids.contains(pin.cid()))) {
            return false;
        }
        if (name != null && !match.matches(name, pin.name())) {
            return false;
        }
        if (before != null && pin.createdAtMillis() >= before.toEpochMilli()) {
            return false;
        }
        if (after != null && pin.createdAtMillis() <= after.toEpochMilli()) {
            return false;
        }
        return meta.entrySet().stream().allMatch(entry -> entry.getValue().equals(pin.metadata().get(entry.getKey())));
    }
}
