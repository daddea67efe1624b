package io.strata.fuzz;

import io.strata.ipns.IpnsException;
import io.strata.ipns.IpnsName;
import io.strata.ipns.IpnsRecord;
import io.strata.ipns.IpnsValidator;

import java.time.Instant;

/**
 * An IPNS record from the DHT or a gateway: parsed, then validated (signatures, key, expiry) against the name
 * of its embedded key, or of the seed key when it embeds none. A record or an {@link IpnsException}.
 */
public final class IpnsRecordFuzzer {

    /** A fixed clock keeps every run of the same input identical. */
    private static final Instant NOW = FuzzSeeds.IPNS_NOW;
    private static final IpnsName SEED_NAME = IpnsName.of(FuzzSeeds.IPNS_KEY.publicKey().peerId());

    private IpnsRecordFuzzer() {
    }

    public static void fuzzerTestOneInput(byte[] input) {
        try {
            IpnsRecord record = IpnsRecord.unmarshal(input);
            IpnsName name = record.embeddedKey().map(key -> IpnsName.of(key.peerId())).orElse(SEED_NAME);
            IpnsValidator.validate(name, input, NOW);
        } catch (IpnsException expected) {
            // the documented outcome for malformed or invalid records
        }
    }
}
