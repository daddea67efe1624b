package io.strata.kademlia;

/** A stored DHT value with the local time it was received (the wire's timeReceived). */
public record ValueRecord(byte[] key, byte[] value, long receivedAtMillis) {

    public ValueRecord {
        key = key.clone();
        value = value.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }
}
