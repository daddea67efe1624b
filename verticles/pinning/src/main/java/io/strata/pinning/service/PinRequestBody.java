package io.strata.pinning.service;

import io.strata.multiformats.Cid;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The spec's {@code Pin} object of {@code POST /pins} and {@code POST /pins/{requestid}}: a required
 * {@code cid}, an optional {@code name} (at most 255 characters), {@code origins} (at most 20 distinct
 * multiaddrs) and {@code meta} (string values). A malformed body is an {@link IllegalArgumentException}.
 */
record PinRequestBody(Cid cid, String name, List<String> origins, Map<String, String> meta) {

    static final int MAX_ORIGINS = 20;

    static PinRequestBody parse(JsonObject body) {
        if (body == null) {
            throw new IllegalArgumentException("the body must be a JSON Pin object");
        }
        if (!(body.getValue("cid") instanceof String cidText)) {
            throw new IllegalArgumentException("cid: required string");
        }
        Cid cid;
        try {
            cid = Cid.parse(cidText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cid: not a CID: " + cidText);
        }
        Object nameValue = body.getValue("name");
        if (nameValue != null && !(nameValue instanceof String)) {
            throw new IllegalArgumentException("name: must be a string");
        }
        String name = nameValue == null ? "" : (String) nameValue;
        if (name.length() > 255) {
            throw new IllegalArgumentException("name: longer than 255 characters");
        }
        List<String> origins = new ArrayList<>();
        Object originsValue = body.getValue("origins");
        if (originsValue != null) {
            if (!(originsValue instanceof JsonArray array)) {
                throw new IllegalArgumentException("origins: must be an array of multiaddrs");
            }
            for (Object origin : array) {
                if (!(origin instanceof String text) || !text.startsWith("/")) {
                    throw new IllegalArgumentException("origins: not a multiaddr: " + origin);
                }
                origins.add(text);
            }
            if (origins.size() > MAX_ORIGINS || new LinkedHashSet<>(origins).size() != origins.size()) {
                throw new IllegalArgumentException("origins: at most " + MAX_ORIGINS + " distinct multiaddrs");
            }
        }
        Object metaValue = body.getValue("meta");
        if (metaValue != null && !(metaValue instanceof JsonObject)) {
            throw new IllegalArgumentException("meta: must be an object of strings");
        }
        return new PinRequestBody(cid, name, origins, metaValue == null ? Map.of() : stringMap((JsonObject) metaValue, "meta"));
    }

    static Map<String, String> stringMap(JsonObject json, String field) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : json) {
            if (!(entry.getValue() instanceof String value)) {
                throw new IllegalArgumentException(field + ": value of " + entry.getKey() + " must be a string");
            }
            map.put(entry.getKey(), value);
        }
        return map;
    }
}
