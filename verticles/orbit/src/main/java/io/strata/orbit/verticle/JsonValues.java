package io.strata.orbit.verticle;

import io.strata.multiformats.Cid;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between JSON (Vert.x) and the IPLD data model values store payloads hold: integers become
 * {@code Long}, other numbers {@code Double}; data model bytes are shown as {@code {"/": {"bytes": base64}}}
 * and links as {@code {"/": cid}}, as DAG-JSON writes them.
 */
final class JsonValues {

    private JsonValues() {
    }

    static Object toDataModel(Object json) {
        if (json instanceof JsonObject object) {
            Map<String, Object> map = new LinkedHashMap<>();
            object.forEach(field -> map.put(field.getKey(), toDataModel(field.getValue())));
            return map;
        }
        if (json instanceof JsonArray array) {
            List<Object> list = new ArrayList<>(array.size());
            array.forEach(item -> list.add(toDataModel(item)));
            return list;
        }
        if (json instanceof Map<?, ?> map) {
            return toDataModel(new JsonObject(castMap(map)));
        }
        if (json instanceof List<?> list) {
            return toDataModel(new JsonArray(new ArrayList<>(list)));
        }
        if (json instanceof Integer || json instanceof Long || json instanceof Short || json instanceof Byte) {
            return ((Number) json).longValue();
        }
        if (json instanceof BigInteger big) {
            return big.longValueExact();
        }
        if (json instanceof Number number) {
            return number.doubleValue();
        }
        return json;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    static Object toJson(Object value) {
        if (value instanceof Map<?, ?> map) {
            JsonObject object = new JsonObject();
            map.forEach((key, item) -> object.put(String.valueOf(key), toJson(item)));
            return object;
        }
        if (value instanceof List<?> list) {
            JsonArray array = new JsonArray();
            list.forEach(item -> array.add(toJson(item)));
            return array;
        }
        if (value instanceof byte[] bytes) {
            return new JsonObject().put("/", new JsonObject().put("bytes",
                    Base64.getEncoder().withoutPadding().encodeToString(bytes)));
        }
        if (value instanceof Cid cid) {
            return new JsonObject().put("/", cid.toString());
        }
        if (value instanceof BigInteger big) {
            return big.toString();
        }
        return value;
    }
}
