package io.strata.ipld.codec;

import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ipld/codec-fixtures suite: every fixture is decoded from each codec it is given in, re-encoded into
 * every codec, and the CIDs of the re-encodings must equal the file names the reference implementations
 * produced.
 */
class CodecFixturesTest {

    private static final Path ROOT = fixturesRoot();

    @TestFactory
    Stream<DynamicTest> everyFixtureRoundTripsAcrossCodecs() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> directories = Files.list(ROOT)) {
            for (Path directory : directories.sorted().toList()) {
                List<Path> forms;
                try (Stream<Path> files = Files.list(directory)) {
                    forms = files.sorted().toList();
                }
                for (Path form : forms) {
                    tests.add(DynamicTest.dynamicTest(directory.getFileName() + " from " + extension(form),
                            () -> checkFixture(form, forms)));
                }
            }
        }
        return tests.stream();
    }

    @Test
    void theSuiteIsPresent() throws IOException {
        try (Stream<Path> directories = Files.list(ROOT)) {
            assertTrue(directories.count() > 100, "expected the codec-fixtures directories under " + ROOT);
        }
    }

    private static void checkFixture(Path source, List<Path> forms) throws IOException {
        byte[] sourceBytes = Files.readAllBytes(source);
        Object value = decode(extension(source), sourceBytes);
        assertArrayEquals(sourceBytes, encode(extension(source), value), "re-encoding must give the same bytes");
        for (Path target : forms) {
            String codec = extension(target);
            Cid expected = Cid.parse(target.getFileName().toString().replaceFirst("\\.dag-(cbor|json)$", ""));
            Cid actual = Cid.of(Multicodec.byName(codec), Multicodec.SHA2_256, encode(codec, value));
            assertEquals(expected, actual, "CID of the " + codec + " encoding");
        }
    }

    private static Object decode(String codec, byte[] bytes) {
        return codec.equals("dag-cbor") ? DagCbor.decode(bytes) : DagJson.decode(bytes);
    }

    private static byte[] encode(String codec, Object value) {
        return codec.equals("dag-cbor") ? DagCbor.encode(value) : DagJson.encode(value);
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static Path fixturesRoot() {
        try {
            return Path.of(CodecFixturesTest.class.getResource("/codec-fixtures").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
