package io.strata.orbit.store;

import io.strata.orbit.OrbitException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;

import static io.strata.orbit.OrbitException.Code.QUERY_INVALID;

/**
 * One condition of a documents query on a top-level field: equal to a value, or within a range. Values are
 * the data model's scalars, ordered by {@link #ORDER}: booleans (false first), then numbers by value (an
 * integer and a float that are numerically equal are equal), then strings (by UTF-16 code units, as
 * JavaScript compares them). A document whose field is absent or holds a list, map, bytes, link or null
 * matches no condition on it. The same rule decides with and without a field index.
 *
 * @param lower null for no lower bound
 * @param upper null for no upper bound
 */
public record DocumentCondition(String field, Object lower, boolean lowerInclusive, Object upper,
                                boolean upperInclusive) {

    /** The total order of scalar values conditions and field indexes share. */
    public static final Comparator<Object> ORDER = DocumentCondition::compareScalars;

    public DocumentCondition {
        Objects.requireNonNull(field, "field");
        if (lower != null && !isScalar(lower) || upper != null && !isScalar(upper)) {
            throw new OrbitException(QUERY_INVALID, "a condition on '" + field
                    + "' compares with booleans, numbers or strings only");
        }
        if (lower == null && upper == null) {
            throw new OrbitException(QUERY_INVALID, "a condition on '" + field + "' needs a value or a bound");
        }
    }

    public static DocumentCondition equal(String field, Object value) {
        return new DocumentCondition(field, Objects.requireNonNull(value, "value"), true, value, true);
    }

    /** Bounds as OrbitDB users write them: {@code {gt | gte: lower, lt | lte: upper}} (null for none). */
    public static DocumentCondition range(String field, Object gt, Object gte, Object lt, Object lte) {
        if (gt != null && gte != null || lt != null && lte != null) {
            throw new OrbitException(QUERY_INVALID, "give gt or gte, and lt or lte, not both, on '" + field + "'");
        }
        return new DocumentCondition(field, gt != null ? gt : gte, gte != null, lt != null ? lt : lte, lte != null);
    }

    public boolean isEquality() {
        return lower != null && lowerInclusive && upperInclusive && upper != null && ORDER.compare(lower, upper) == 0;
    }

    public boolean matches(Map<?, ?> document) {
        Object value = document.get(field);
        return isScalar(value) && accepts(value);
    }

    /** Whether a scalar {@code value} lies within the condition. */
    boolean accepts(Object value) {
        if (lower != null) {
            int below = ORDER.compare(value, lower);
            if (below < 0 || below == 0 && !lowerInclusive) {
                return false;
            }
        }
        if (upper != null) {
            int above = ORDER.compare(value, upper);
            return above < 0 || above == 0 && upperInclusive;
        }
        return true;
    }

    static boolean isScalar(Object value) {
        return value instanceof Boolean || value instanceof String || value instanceof Long
                || value instanceof Integer || value instanceof Double || value instanceof BigInteger;
    }

    private static int rank(Object value) {
        if (value instanceof Boolean) {
            return 0;
        }
        return value instanceof String ? 2 : 1;
    }

    private static int compareScalars(Object a, Object b) {
        int ranks = Integer.compare(rank(a), rank(b));
        if (ranks != 0) {
            return ranks;
        }
        if (a instanceof Boolean x) {
            return Boolean.compare(x, (Boolean) b);
        }
        if (a instanceof String x) {
            return x.compareTo((String) b);
        }
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        return decimal(a).compareTo(decimal(b));
    }

    private static BigDecimal decimal(Object number) {
        if (number instanceof Double d) {
            return BigDecimal.valueOf(d);
        }
        if (number instanceof BigInteger big) {
            return new BigDecimal(big);
        }
        return BigDecimal.valueOf(((Number) number).longValue());
    }
}
