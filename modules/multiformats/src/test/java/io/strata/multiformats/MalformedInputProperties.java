package io.strata.multiformats;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Fuzz-style: arbitrary and mutated input to every parser either parses or fails with
 * {@link MultiformatException}; never another exception, never a hang.
 */
class MalformedInputProperties {

    /** Far above the microseconds a parse takes; only an endless loop could reach it. */
    private static final Duration HANG = Duration.ofSeconds(20);

    @Provide
    Arbitrary<String> anyText() {
        Arbitrary<String> ascii = Arbitraries.strings().ascii().ofMaxLength(120);
        Arbitrary<String> unicode = Arbitraries.strings().all().ofMaxLength(60);
        Arbitrary<String> prefixed = Combinators.combine(
                Arbitraries.of(Multibase.values()).map(Multibase::prefix),
                Arbitraries.strings().withCharRange('0', 'z').withChars('=', '+', '/', '-', '_').ofMaxLength(80))
                .as((prefix, body) -> prefix + body);
        Arbitrary<String> qm = Arbitraries.strings().withCharRange('0', 'z').ofLength(44).map(body -> "Qm" + body);
        return Arbitraries.oneOf(ascii, unicode, prefixed, qm);
    }

    /** Valid CID and peer id text with one character replaced, inserted or removed. */
    @Provide
    Arbitrary<String> mutatedText() {
        Arbitrary<String> valid = Arbitraries.oneOf(
                Generators.v1Cids().flatMap(cid -> Arbitraries.of(Multibase.values()).map(cid::toString)),
                Generators.v0Cids().map(Cid::toString),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(60).map(key -> PeerId.fromPublicKey(key).toBase58()));
        return Combinators.combine(valid, Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 2),
                Arbitraries.chars().ascii()).as((text, where, how, c) -> {
                    int index = where % (text.length() + 1);
                    StringBuilder out = new StringBuilder(text);
                    switch (how) {
                        case 0 -> out.insert(index, c);
                        case 1 -> out.setCharAt(Math.min(index, text.length() - 1), c);
                        default -> out.deleteCharAt(Math.min(index, text.length() - 1));
                    }
                    return out.toString();
                });
    }

    @Provide
    Arbitrary<byte[]> anyBytes() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(80);
        Arbitrary<byte[]> mutated = Combinators.combine(
                Arbitraries.oneOf(Generators.v1Cids(), Generators.v0Cids()).map(Cid::bytes),
                Arbitraries.integers().between(0, 1000), Arbitraries.bytes(), Arbitraries.integers().between(0, 2))
                .as((bytes, where, value, how) -> {
                    int index = where % bytes.length;
                    return switch (how) {
                        case 0 -> {
                            byte[] copy = bytes.clone();
                            copy[index] = value;
                            yield copy;
                        }
                        case 1 -> Arrays.copyOf(bytes, index);
                        default -> {
                            byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
                            longer[bytes.length] = value;
                            yield longer;
                        }
                    };
                });
        return Arbitraries.oneOf(random, mutated);
    }

    @Property(tries = 3000)
    void textParsersFailOnlyWithMultiformatException(@ForAll("anyText") String text) {
        parseText(text);
    }

    @Property(tries = 3000)
    void mutatedTextFailsOnlyWithMultiformatException(@ForAll("mutatedText") String text) {
        parseText(text);
    }

    @Property(tries = 3000)
    void binaryParsersFailOnlyWithMultiformatException(@ForAll("anyBytes") byte[] bytes) {
        List<Supplier<Object>> parsers = new ArrayList<>();
        parsers.add(() -> Cid.fromBytes(bytes));
        parsers.add(() -> Cid.read(bytes, 0));
        parsers.add(() -> Multihash.fromBytes(bytes));
        parsers.add(() -> PeerId.fromBytes(bytes));
        parsers.add(() -> Varint.decode(bytes, 0));
        runAll(parsers);
    }

    @Property(tries = 1000)
    void varintDecodeAtAnyOffsetFailsOnlyWithMultiformatException(@ForAll @Size(max = 20) byte[] bytes,
                                                                  @ForAll @IntRange(max = 20) int offset) {
        if (offset > bytes.length) {
            return;
        }
        runAll(List.of(() -> Varint.decode(bytes, offset)));
    }

    private static void parseText(String text) {
        List<Supplier<Object>> parsers = new ArrayList<>();
        parsers.add(() -> Cid.parse(text));
        parsers.add(() -> Multibase.decode(text));
        parsers.add(() -> PeerId.parse(text));
        for (Multibase base : new Multibase[] {Multibase.BASE58BTC, Multibase.BASE36, Multibase.BASE64_PAD}) {
            parsers.add(() -> base.decodeRaw(text));
        }
        runAll(parsers);
    }

    private static void runAll(List<Supplier<Object>> parsers) {
        assertTimeoutPreemptively(HANG, () -> {
            for (Supplier<Object> parser : parsers) {
                try {
                    parser.get();
                } catch (MultiformatException expected) {
                    // malformed input, reported as such
                }
            }
        });
    }
}
