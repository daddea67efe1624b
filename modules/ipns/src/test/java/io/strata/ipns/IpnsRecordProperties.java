package io.strata.ipns;

import io.strata.crypto.Ed25519PrivateKey;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IpnsRecordProperties {

    private static final Ed25519PrivateKey KEY = Ed25519PrivateKey.fromSeed(
            HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
    private static final IpnsName NAME = IpnsName.of(KEY.publicKey().peerId());

    @Property(tries = 200)
    void everyRecordWeSignReadsBackAndValidatesUntilItsEol(
            @ForAll @AlphaChars @StringLength(min = 1, max = 300) String path,
            @ForAll long sequence,
            @ForAll @LongRange(min = 0, max = 4_000_000_000_000_000_000L) long ttlNanos,
            @ForAll @LongRange(min = 0, max = 253_402_300_000L) long eolSecond,
            @ForAll @LongRange(min = 0, max = 999_999_999L) long eolNano) {
        Instant eol = Instant.ofEpochSecond(eolSecond, eolNano);
        IpnsRecord created = IpnsRecord.create(KEY, "/ipfs/" + path, sequence, eol, Duration.ofNanos(ttlNanos));
        IpnsRecord read = IpnsValidator.validate(NAME, created.marshal(), eol);
        assertEquals("/ipfs/" + path, read.value());
        assertEquals(sequence, read.sequence());
        assertEquals(ttlNanos, read.ttlNanos());
        assertEquals(eol, read.validity());
    }
}
