package io.strata.orbit.store;

import java.util.HashSet;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The live documents' keys by the value of one field, in {@link DocumentCondition#ORDER}, so an equality or
 * range condition on the field reads the matching keys instead of every document. Only scalar values are
 * indexed (conditions match no other kind).
 */
final class FieldIndex {

    private final String field;
    private final NavigableMap<Object, Set<Object>> keysByValue = new TreeMap<>(DocumentCondition.ORDER);

    FieldIndex(String field) {
        this.field = field;
    }

    String field() {
        return field;
    }

    void add(Object key, Object fieldValue) {
        if (DocumentCondition.isScalar(fieldValue)) {
            keysByValue.computeIfAbsent(fieldValue, value -> new HashSet<>()).add(key);
        }
    }

    void remove(Object key, Object fieldValue) {
        if (DocumentCondition.isScalar(fieldValue)) {
            Set<Object> keys = keysByValue.get(fieldValue);
            if (keys != null && keys.remove(key) && keys.isEmpty()) {
                keysByValue.remove(fieldValue);
            }
        }
    }

    /** The keys of documents whose field satisfies {@code condition} (a condition on this field). */
    Set<Object> keys(DocumentCondition condition) {
        Object lower = condition.lower();
        Object upper = condition.upper();
        NavigableMap<Object, Set<Object>> range;
        if (lower != null && upper != null) {
            if (DocumentCondition.ORDER.compare(lower, upper) > 0) {
                return Set.of();
            }
            range = keysByValue.subMap(lower, condition.lowerInclusive(), upper, condition.upperInclusive());
        } else if (lower != null) {
            range = keysByValue.tailMap(lower, condition.lowerInclusive());
        } else {
            range = keysByValue.headMap(upper, condition.upperInclusive());
        }
        Set<Object> keys = new HashSet<>();
        range.values().forEach(keys::addAll);
        return keys;
    }
}
