package io.strata.ipns;

import io.strata.crypto.CryptoException;
import io.strata.crypto.Libp2pPublicKey;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The IPNS record spec's validation and selection. A record is valid for a name when it is at most
 * {@value IpnsRecord#MAX_SIZE} bytes, well formed (see {@link IpnsRecord#unmarshal}), signed (V2) by the key the
 * name was derived from (inlined in the name, or embedded in the record and matching the name), and its EOL has
 * not passed at the instant the caller supplies. Among valid records, the higher sequence wins, then the later
 * validity.
 */
public final class IpnsValidator {

    /** Orders valid records from worst to best: by unsigned sequence, then by validity. */
    public static final Comparator<IpnsRecord> PREFERENCE = Comparator
            .comparing(IpnsRecord::sequence, Long::compareUnsigned)
            .thenComparing(IpnsRecord::validity);

    private IpnsValidator() {
    }

    /** The record, if {@code bytes} is a valid record of {@code name} at {@code now}; otherwise a precise {@link IpnsException}. */
    public static IpnsRecord validate(IpnsName name, byte[] bytes, Instant now) {
        IpnsRecord record = IpnsRecord.unmarshal(bytes);
        Libp2pPublicKey key = signingKey(name, record);
        if (!key.verify(record.signatureV2Payload(), record.signatureV2())) {
            throw new IpnsException(IpnsException.Code.SIGNATURE_INVALID,
                    "the record's V2 signature does not verify with the key of " + name);
        }
        if (record.isExpiredAt(now)) {
            throw new IpnsException(IpnsException.Code.RECORD_EXPIRED,
                    "the record expired at " + record.validityText() + " (now " + IpnsRecord.formatValidity(now) + ")");
        }
        return record;
    }

    /** The public key that must have signed records of {@code name}. */
    public static Libp2pPublicKey signingKey(IpnsName name, IpnsRecord record) {
        Optional<Libp2pPublicKey> embedded = record.embeddedKey();
        if (embedded.isPresent()) {
            if (!embedded.get().peerId().equals(name.peerId())) {
                throw new IpnsException(IpnsException.Code.PUBLIC_KEY_MISMATCH,
                        "the record's embedded public key belongs to " + embedded.get().peerId() + ", not to " + name);
            }
            return embedded.get();
        }
        byte[] inlined = name.peerId().publicKey().orElseThrow(() -> new IpnsException(IpnsException.Code.PUBLIC_KEY_MISSING,
                "the name " + name + " is a hash of its key and the record does not embed the key"));
        try {
            return Libp2pPublicKey.unmarshal(inlined);
        } catch (CryptoException e) {
            throw new IpnsException(IpnsException.Code.PUBLIC_KEY_MISMATCH,
                    "the key inlined in " + name + " is unusable: " + e.getMessage(), e);
        }
    }

    /** Index of the best of already validated records; the first of equals wins. */
    public static int select(List<IpnsRecord> records) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("no records to select from");
        }
        int best = 0;
        for (int i = 1; i < records.size(); i++) {
            if (PREFERENCE.compare(records.get(i), records.get(best)) > 0) {
                best = i;
            }
        }
        return best;
    }

    /** True when {@code candidate} should replace {@code current}. */
    public static boolean isBetter(IpnsRecord candidate, IpnsRecord current) {
        return PREFERENCE.compare(candidate, current) > 0;
    }
}
