package io.strata.crdt;

import java.util.Random;

class LwwRegisterProperties extends CrdtLaws<LwwRegister<String>> {

    @Override
    LwwRegister<String> empty() {
        return LwwRegister.empty(ValueCodec.STRING);
    }

    /** Few distinct timestamps and values, so that ties and equal values are common. */
    @Override
    Mutation<LwwRegister<String>> randomMutation(Random random, String replica, LwwRegister<String> state) {
        HlcTimestamp at = new HlcTimestamp(random.nextInt(5), random.nextInt(3), replica);
        return state.assign("value-" + random.nextInt(4), at);
    }

    @Override
    LwwRegister<String> decode(byte[] bytes) {
        return LwwRegister.decode(bytes, ValueCodec.STRING);
    }
}
