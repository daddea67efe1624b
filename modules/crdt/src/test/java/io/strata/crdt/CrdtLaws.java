package io.strata.crdt;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The laws every state-based CRDT here must obey, checked on histories simulated from a random seed:
 * three replicas mutate their own state and now and then merge another replica's full state.
 */
abstract class CrdtLaws<C extends Crdt<C>> {

    private static final List<String> REPLICAS = List.of("alpha", "beta", "gamma");

    abstract C empty();

    /** One random update issued by {@code replica} on its current {@code state}. */
    abstract Mutation<C> randomMutation(Random random, String replica, C state);

    abstract C decode(byte[] bytes);

    /** Replica states and every delta shipped during a random history. */
    record History<C>(Map<String, C> replicas, List<C> deltas) {
    }

    History<C> simulate(Random random, int steps) {
        Map<String, C> replicas = new LinkedHashMap<>();
        REPLICAS.forEach(replica -> replicas.put(replica, empty()));
        List<C> deltas = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            String replica = REPLICAS.get(random.nextInt(REPLICAS.size()));
            C before = replicas.get(replica);
            if (random.nextInt(4) == 0) {
                String other = REPLICAS.get(random.nextInt(REPLICAS.size()));
                replicas.put(replica, before.merge(replicas.get(other)));
                continue;
            }
            Mutation<C> mutation = randomMutation(random, replica, before);
            for (C observer : replicas.values()) {
                assertEquals(observer.merge(before).merge(mutation.state()),
                        observer.merge(before).merge(mutation.delta()),
                        "a replica that has seen the state before the update gains the same from the delta");
            }
            assertEquals(mutation.state(), before.merge(mutation.delta()), "state is the old state joined with the delta");
            replicas.put(replica, mutation.state());
            deltas.add(mutation.delta());
        }
        return new History<>(replicas, deltas);
    }

    C randomState(Random random) {
        History<C> history = simulate(random, random.nextInt(16));
        List<C> states = new ArrayList<>(history.replicas().values());
        return states.get(random.nextInt(states.size()));
    }

    @Property
    void mergeIsCommutative(@ForAll long seed) {
        Random random = new Random(seed);
        C a = randomState(random);
        C b = randomState(random);
        assertEquals(a.merge(b), b.merge(a));
    }

    @Property
    void mergeIsAssociative(@ForAll long seed) {
        Random random = new Random(seed);
        C a = randomState(random);
        C b = randomState(random);
        C c = randomState(random);
        assertEquals(a.merge(b).merge(c), a.merge(b.merge(c)));
    }

    @Property
    void mergeIsIdempotent(@ForAll long seed) {
        C a = randomState(new Random(seed));
        assertEquals(a, a.merge(a));
        assertEquals(a, a.merge(empty()));
    }

    @Property
    void replicasThatSawTheSameUpdatesInAnyOrderWithDuplicatesAgree(@ForAll long seed) {
        Random random = new Random(seed);
        History<C> history = simulate(random, 1 + random.nextInt(30));
        C first = deliverShuffledWithDuplicates(history.deltas(), random);
        C second = deliverShuffledWithDuplicates(history.deltas(), random);
        assertEquals(first, second);
        C allReplicas = history.replicas().values().stream().reduce(empty(), Crdt::merge);
        assertEquals(allReplicas, first, "deltas carry everything the replicas did");
    }

    private C deliverShuffledWithDuplicates(List<C> deltas, Random random) {
        List<C> deliveries = new ArrayList<>(deltas);
        for (C delta : deltas) {
            if (random.nextBoolean()) {
                deliveries.add(delta);
            }
        }
        Collections.shuffle(deliveries, random);
        C state = empty();
        for (C delta : deliveries) {
            state = state.merge(delta);
        }
        return state;
    }

    @Property
    void serializationRoundTrips(@ForAll long seed) {
        C state = randomState(new Random(seed));
        byte[] encoded = state.encode();
        C decoded = decode(encoded);
        assertEquals(state, decoded);
        assertArrayEquals(encoded, decoded.encode());
    }
}
