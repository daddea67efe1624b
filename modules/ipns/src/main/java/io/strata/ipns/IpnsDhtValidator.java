package io.strata.ipns;

import io.strata.kademlia.KademliaException;
import io.strata.kademlia.RecordValidator;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The DHT's rules for the {@code /ipns/} key namespace: every stored or returned value must be a valid record of
 * the name in the key at the clock's current instant, and the best record is the one {@link IpnsValidator} prefers.
 */
public final class IpnsDhtValidator implements RecordValidator {

    /** The key namespace this validator is registered under. */
    public static final String NAMESPACE = "ipns";

    private final Clock clock;

    public IpnsDhtValidator(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void validate(byte[] key, byte[] value) {
        try {
            IpnsValidator.validate(IpnsName.fromRoutingKey(key), value, clock.instant());
        } catch (IpnsException e) {
            throw new KademliaException(KademliaException.Code.INVALID_RECORD, "invalid IPNS record (" + e.code() + "): " + e.getMessage());
        }
    }

    @Override
    public int select(byte[] key, List<byte[]> values) {
        List<IpnsRecord> records = new ArrayList<>(values.size());
        int firstReadable = -1;
        for (byte[] value : values) {
            try {
                records.add(IpnsRecord.unmarshal(value));
                firstReadable = firstReadable < 0 ? records.size() - 1 : firstReadable;
            } catch (IpnsException e) {
                records.add(null);
            }
        }
        if (firstReadable < 0) {
            return 0;
        }
        int best = firstReadable;
        for (int i = best + 1; i < records.size(); i++) {
            if (records.get(i) != null && IpnsValidator.isBetter(records.get(i), records.get(best))) {
                best = i;
            }
        }
        return best;
    }
}
