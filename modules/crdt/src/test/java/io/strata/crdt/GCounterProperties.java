package io.strata.crdt;

import java.util.Random;

class GCounterProperties extends CrdtLaws<GCounter> {

    @Override
    GCounter empty() {
        return GCounter.empty();
    }

    @Override
    Mutation<GCounter> randomMutation(Random random, String replica, GCounter state) {
        return state.increment(replica, 1 + random.nextInt(1000));
    }

    @Override
    GCounter decode(byte[] bytes) {
        return GCounter.decode(bytes);
    }
}
