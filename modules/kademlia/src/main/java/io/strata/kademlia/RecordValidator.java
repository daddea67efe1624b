package io.strata.kademlia;

import java.util.List;

/**
 * Namespace rules for DHT value records, supplied by the caller (e.g. IPNS checks the record
 * signature and prefers the highest sequence number), as in go-libp2p-record.
 */
public interface RecordValidator {

    /** Throws {@link KademliaException} with code INVALID_RECORD when the value is not acceptable. */
    void validate(byte[] key, byte[] value);

    /** Index of the best of the already validated values, which is never empty. */
    int select(byte[] key, List<byte[]> values);
}
