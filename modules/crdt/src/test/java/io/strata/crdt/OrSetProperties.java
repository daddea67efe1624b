package io.strata.crdt;

import java.util.List;
import java.util.Random;

class OrSetProperties extends CrdtLaws<OrSet<Object>> {

    /** Elements of several IPLD kinds, including bytes, whose identity is their content. */
    private static final List<Object> ELEMENTS = List.of("a", "b", 7L, new byte[] {1, 2}, List.of("x", 1L));

    @Override
    OrSet<Object> empty() {
        return OrSet.empty(ValueCodec.DATA_MODEL);
    }

    @Override
    Mutation<OrSet<Object>> randomMutation(Random random, String replica, OrSet<Object> state) {
        Object element = random.nextInt(ELEMENTS.size()) == 3 ? new byte[] {1, 2}
                : ELEMENTS.get(random.nextInt(ELEMENTS.size()));
        return random.nextInt(3) == 0 ? state.remove(element) : state.add(replica, element);
    }

    @Override
    OrSet<Object> decode(byte[] bytes) {
        return OrSet.decode(bytes, ValueCodec.DATA_MODEL);
    }
}
