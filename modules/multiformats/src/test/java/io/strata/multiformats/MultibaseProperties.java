package io.strata.multiformats;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class MultibaseProperties {

    /** The bases the multibase spec decodes case-insensitively. */
    private static final Set<Multibase> CASE_INSENSITIVE = EnumSet.of(
            Multibase.BASE16, Multibase.BASE16_UPPER, Multibase.BASE32, Multibase.BASE32_UPPER,
            Multibase.BASE32_PAD, Multibase.BASE32_PAD_UPPER, Multibase.BASE32HEX, Multibase.BASE32HEX_UPPER,
            Multibase.BASE32HEX_PAD, Multibase.BASE32HEX_PAD_UPPER, Multibase.BASE36, Multibase.BASE36_UPPER);

    /** Alphabets as the multibase table lists them, to generate arbitrary text in each base. */
    private static final Map<Multibase, String> ALPHABETS = Map.ofEntries(
            entry(Multibase.BASE2, "01"),
            entry(Multibase.BASE8, "01234567"),
            entry(Multibase.BASE10, "0123456789"),
            entry(Multibase.BASE16, "0123456789abcdef"),
            entry(Multibase.BASE16_UPPER, "0123456789ABCDEF"),
            entry(Multibase.BASE32HEX, "0123456789abcdefghijklmnopqrstuv"),
            entry(Multibase.BASE32HEX_UPPER, "0123456789ABCDEFGHIJKLMNOPQRSTUV"),
            entry(Multibase.BASE32HEX_PAD, "0123456789abcdefghijklmnopqrstuv="),
            entry(Multibase.BASE32HEX_PAD_UPPER, "0123456789ABCDEFGHIJKLMNOPQRSTUV="),
            entry(Multibase.BASE32, "abcdefghijklmnopqrstuvwxyz234567"),
            entry(Multibase.BASE32_UPPER, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
            entry(Multibase.BASE32_PAD, "abcdefghijklmnopqrstuvwxyz234567="),
            entry(Multibase.BASE32_PAD_UPPER, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567="),
            entry(Multibase.BASE32Z, "ybndrfg8ejkmcpqxot1uwisza345h769"),
            entry(Multibase.BASE36, "0123456789abcdefghijklmnopqrstuvwxyz"),
            entry(Multibase.BASE36_UPPER, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
            entry(Multibase.BASE58FLICKR, "123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"),
            entry(Multibase.BASE58BTC, "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"),
            entry(Multibase.BASE64, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
            entry(Multibase.BASE64_PAD, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="),
            entry(Multibase.BASE64URL, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            entry(Multibase.BASE64URL_PAD, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_="));

    @Provide
    Arbitrary<byte[]> data() {
        return Generators.bytesWithLeadingZeros(80);
    }

    @Property(tries = 2000)
    void everyBaseRoundTrips(@ForAll Multibase base, @ForAll("data") byte[] data) {
        String text = base.encode(data);
        assertEquals(base.prefix(), text.charAt(0));
        assertArrayEquals(data, Multibase.decode(text));
        assertArrayEquals(data, base.decodeRaw(base.encodeRaw(data)));
        assertEquals(text.substring(1), base.encodeRaw(data));
    }

    @Property(tries = 500)
    void caseInsensitiveBasesDecodeAnyCase(@ForAll Multibase base, @ForAll("data") byte[] data) {
        if (!CASE_INSENSITIVE.contains(base)) {
            return;
        }
        String raw = base.encodeRaw(data);
        assertArrayEquals(data, Multibase.decode(base.prefix() + raw.toLowerCase(Locale.ROOT)));
        assertArrayEquals(data, Multibase.decode(base.prefix() + raw.toUpperCase(Locale.ROOT)));
    }

    @Provide
    Arbitrary<String> textInSomeBase() {
        return Arbitraries.of(Multibase.values()).flatMap(base -> Arbitraries.strings()
                .withChars(ALPHABETS.get(base).toCharArray()).ofMaxLength(40)
                .map(body -> base.prefix() + body));
    }

    /** Decoding is injective: text that decodes at all is the canonical encoding of what it decodes to. */
    @Property(tries = 3000)
    void decodableTextIsCanonical(@ForAll("textInSomeBase") String text) {
        Multibase base = Multibase.byPrefix(text.charAt(0));
        byte[] decoded;
        try {
            decoded = Multibase.decode(text);
        } catch (MultiformatException e) {
            return;
        }
        assertEquals(text, base.encode(decoded));
    }
}
