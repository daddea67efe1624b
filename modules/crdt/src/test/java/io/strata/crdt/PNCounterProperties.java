package io.strata.crdt;

import java.util.Random;

class PNCounterProperties extends CrdtLaws<PNCounter> {

    @Override
    PNCounter empty() {
        return PNCounter.empty();
    }

    @Override
    Mutation<PNCounter> randomMutation(Random random, String replica, PNCounter state) {
        long amount = 1 + random.nextInt(1000);
        return random.nextBoolean() ? state.increment(replica, amount) : state.decrement(replica, amount);
    }

    @Override
    PNCounter decode(byte[] bytes) {
        return PNCounter.decode(bytes);
    }
}
