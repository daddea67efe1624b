package io.strata.ipns;

import io.strata.crypto.Ed25519PrivateKey;
import io.strata.crypto.KeyType;
import io.strata.crypto.Libp2pPrivateKey;
import io.strata.multiformats.Multibase;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpnsNameTest {

    @Test
    void printsBase36AndParsesEveryForm() {
        Ed25519PrivateKey key = Ed25519PrivateKey.generate(new SecureRandom());
        IpnsName name = IpnsName.of(key.publicKey().peerId());
        String text = name.toString();
        assertTrue(text.startsWith("k51"), text);
        String base58 = key.publicKey().peerId().toBase58();
        for (String form : new String[] {text, "/ipns/" + text, "ipns://" + text, base58, "/ipns/" + base58, "/ipns/" + text + "/",
                key.publicKey().peerId().toString(Multibase.BASE32)}) {
            assertEquals(name, IpnsName.parse(form), form);
        }
        assertEquals("/ipns/" + text, name.path());
    }

    @Test
    void routingKeyIsThePrefixAndTheBinaryPeerId() {
        Libp2pPrivateKey key = Libp2pPrivateKey.generate(KeyType.SECP256K1, 0, new SecureRandom());
        IpnsName name = IpnsName.of(key.publicKey().peerId());
        byte[] routingKey = name.routingKey();
        assertArrayEquals("/ipns/".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(routingKey, 6));
        assertArrayEquals(key.publicKey().peerId().bytes(), Arrays.copyOfRange(routingKey, 6, routingKey.length));
        assertEquals(name, IpnsName.fromRoutingKey(routingKey));
    }

    @Test
    void refusesWhatIsNotAName() {
        for (String text : new String[] {"", "/ipns/", "example.com", "/ipns/example.com",
                "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy", "/ipns/k51qzi5uqu5d/a"}) {
            assertEquals(IpnsException.Code.INVALID_NAME, assertThrows(IpnsException.class, () -> IpnsName.parse(text), text).code(), text);
        }
        assertEquals(IpnsException.Code.INVALID_NAME,
                assertThrows(IpnsException.class, () -> IpnsName.fromRoutingKey("/pk/abc".getBytes(StandardCharsets.US_ASCII))).code());
    }
}
