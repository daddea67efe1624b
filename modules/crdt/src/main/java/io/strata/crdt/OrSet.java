package io.strata.crdt;

import io.strata.ipld.codec.DagCbor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.strata.crdt.CrdtException.Code.OVERFLOW;
import static io.strata.crdt.CrdtException.Code.STATE_MALFORMED;

/**
 * An observed-remove set. Each add attaches a tag unique to the adding replica; a remove deletes only
 * the tags its replica has observed, so an add concurrent with a remove survives it (add wins). Removed
 * tags are kept as tombstones so that late deliveries of an observed add stay removed. Elements are
 * identified by their dag-cbor encoding under the set's {@link ValueCodec}. Immutable.
 */
public final class OrSet<T> implements Crdt<OrSet<T>> {

    /** The unique identity of one add: the adding replica and its per-replica add counter. */
    public record Tag(String replica, long counter) implements Comparable<Tag> {

        private static final Comparator<Tag> ORDER = Comparator.comparing(Tag::replica).thenComparingLong(Tag::counter);

        public Tag {
            Objects.requireNonNull(replica, "replica");
            if (counter <= 0) {
                throw new IllegalArgumentException("tag counters start at 1: " + counter);
            }
        }

        @Override
        public int compareTo(Tag other) {
            return ORDER.compare(this, other);
        }

        List<Object> toDataModel() {
            return List.of(replica, counter);
        }

        static Tag fromDataModel(Object value) {
            if (!(value instanceof List<?> list) || list.size() != 2 || !(list.get(0) instanceof String replica)
                    || !(list.get(1) instanceof Long counter) || counter <= 0) {
                throw new CrdtException(STATE_MALFORMED, "an OR-set tag is [replica, counter >= 1], got " + value);
            }
            return new Tag(replica, counter);
        }
    }

    private final ValueCodec<T> codec;
    private final Map<Element, SortedSet<Tag>> live;
    private final Map<Element, T> values;
    private final SortedSet<Tag> removed;

    private OrSet(ValueCodec<T> codec, Map<Element, SortedSet<Tag>> live, Map<Element, T> values,
                  SortedSet<Tag> removed) {
        this.codec = codec;
        this.live = live;
        this.values = values;
        this.removed = removed;
    }

    public static <T> OrSet<T> empty(ValueCodec<T> codec) {
        return new OrSet<>(Objects.requireNonNull(codec, "codec"), Map.of(), Map.of(), Collections.emptySortedSet());
    }

    public boolean contains(T element) {
        return live.containsKey(element(element));
    }

    /** The elements present, in the order of their dag-cbor encodings. */
    public List<T> elements() {
        return List.copyOf(values.values());
    }

    public int size() {
        return live.size();
    }

    /** The live tags of {@code element}: those a remove issued here now would delete. */
    public Set<Tag> tagsOf(T element) {
        return live.getOrDefault(element(element), Collections.emptySortedSet());
    }

    /** Tags removed so far (tombstones). */
    public Set<Tag> removedTags() {
        return removed;
    }

    /** Adds {@code element} on {@code replica} under a fresh tag; the delta carries that tag alone. */
    public Mutation<OrSet<T>> add(String replica, T element) {
        Element key = element(element);
        Tag tag = new Tag(replica, nextCounter(replica));
        TreeSet<Tag> tags = new TreeSet<>();
        tags.add(tag);
        OrSet<T> delta = new OrSet<>(codec, Map.of(key, Collections.unmodifiableSortedSet(tags)),
                Map.of(key, element), Collections.emptySortedSet());
        return new Mutation<>(merge(delta), delta);
    }

    /** Removes the tags of {@code element} observed here; the delta is those tombstones. */
    public Mutation<OrSet<T>> remove(T element) {
        SortedSet<Tag> observed = live.getOrDefault(element(element), Collections.emptySortedSet());
        OrSet<T> delta = new OrSet<>(codec, Map.of(), Map.of(), observed);
        return new Mutation<>(merge(delta), delta);
    }

    private long nextCounter(String replica) {
        long highest = 0;
        for (Tag tag : removed) {
            if (tag.replica().equals(replica)) {
                highest = Math.max(highest, tag.counter());
            }
        }
        for (SortedSet<Tag> tags : live.values()) {
            for (Tag tag : tags) {
                if (tag.replica().equals(replica)) {
                    highest = Math.max(highest, tag.counter());
                }
            }
        }
        if (highest == Long.MAX_VALUE) {
            throw new CrdtException(OVERFLOW, "replica " + replica + " has used every OR-set tag counter");
        }
        return highest + 1;
    }

    @Override
    public OrSet<T> merge(OrSet<T> other) {
        TreeSet<Tag> allRemoved = new TreeSet<>(removed);
        allRemoved.addAll(other.removed);
        TreeMap<Element, TreeSet<Tag>> tagsByElement = new TreeMap<>();
        Map<Element, T> allValues = new TreeMap<>(values);
        allValues.putAll(other.values);
        for (Map<Element, SortedSet<Tag>> side : List.of(live, other.live)) {
            side.forEach((element, tags) -> tagsByElement.computeIfAbsent(element, e -> new TreeSet<>()).addAll(tags));
        }
        return normalized(codec, tagsByElement, allValues, allRemoved);
    }

    private static <T> OrSet<T> normalized(ValueCodec<T> codec, TreeMap<Element, TreeSet<Tag>> tagsByElement,
                                           Map<Element, T> candidateValues, TreeSet<Tag> removed) {
        TreeMap<Element, SortedSet<Tag>> live = new TreeMap<>();
        TreeMap<Element, T> values = new TreeMap<>();
        tagsByElement.forEach((element, tags) -> {
            tags.removeAll(removed);
            if (!tags.isEmpty()) {
                live.put(element, Collections.unmodifiableSortedSet(tags));
                values.put(element, candidateValues.get(element));
            }
        });
        return new OrSet<>(codec, Collections.unmodifiableMap(live), Collections.unmodifiableMap(values),
                Collections.unmodifiableSortedSet(removed));
    }

    /**
     * {@code {"e": [[element, [tag...]]...], "r": [tag...]}}, elements in encoding order, tags as
     * {@code [replica, counter]} in replica then counter order.
     */
    @Override
    public Object toDataModel() {
        List<Object> elements = new ArrayList<>(live.size());
        live.forEach((element, tags) -> elements.add(List.of(codec.toDataModel(values.get(element)), tagList(tags))));
        return Map.of("e", elements, "r", tagList(removed));
    }

    private static List<Object> tagList(Set<Tag> tags) {
        return tags.stream().<Object>map(Tag::toDataModel).toList();
    }

    /** @throws CrdtException {@code STATE_MALFORMED} unless {@code state} is what {@link #toDataModel()} writes */
    public static <T> OrSet<T> fromDataModel(Object state, ValueCodec<T> codec) {
        if (!(state instanceof Map<?, ?> map) || map.size() != 2 || !(map.get("e") instanceof List<?> elements)
                || !(map.get("r") instanceof List<?> removedTags)) {
            throw new CrdtException(STATE_MALFORMED, "an OR-set is {e: [[element, tags]...], r: tags}, got " + state);
        }
        TreeMap<Element, TreeSet<Tag>> tagsByElement = new TreeMap<>();
        Map<Element, T> values = new TreeMap<>();
        for (Object entry : elements) {
            if (!(entry instanceof List<?> pair) || pair.size() != 2 || !(pair.get(1) instanceof List<?> tags)) {
                throw new CrdtException(STATE_MALFORMED, "an OR-set element is [element, [tag...]], got " + entry);
            }
            T value = codec.fromDataModel(pair.get(0));
            Element key = new Element(DagCbor.encode(codec.toDataModel(value)));
            if (values.put(key, value) != null) {
                throw new CrdtException(STATE_MALFORMED, "OR-set element listed twice: " + pair.get(0));
            }
            TreeSet<Tag> parsed = new TreeSet<>();
            tags.forEach(tag -> parsed.add(Tag.fromDataModel(tag)));
            tagsByElement.put(key, parsed);
        }
        TreeSet<Tag> removed = new TreeSet<>();
        removedTags.forEach(tag -> removed.add(Tag.fromDataModel(tag)));
        return normalized(codec, tagsByElement, values, removed);
    }

    public static <T> OrSet<T> decode(byte[] bytes, ValueCodec<T> codec) {
        return fromDataModel(DagCbor.decode(bytes), codec);
    }

    private Element element(T value) {
        return new Element(DagCbor.encode(codec.toDataModel(Objects.requireNonNull(value, "element"))));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OrSet<?> set && live.equals(set.live) && removed.equals(set.removed);
    }

    @Override
    public int hashCode() {
        return 31 * live.hashCode() + removed.hashCode();
    }

    @Override
    public String toString() {
        return "OrSet{" + values.values() + ", live=" + live.values() + ", removed=" + removed + "}";
    }

    /** An element's identity: its dag-cbor encoding. */
    private static final class Element implements Comparable<Element> {
        private final byte[] encoding;

        Element(byte[] encoding) {
            this.encoding = encoding;
        }

        @Override
        public int compareTo(Element other) {
            return Arrays.compareUnsigned(encoding, other.encoding);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Element element && Arrays.equals(encoding, element.encoding);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(encoding);
        }
    }
}
