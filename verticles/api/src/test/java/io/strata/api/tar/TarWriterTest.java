package io.strata.api.tar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Checks archives with the system's tar, an independent reader. */
class TarWriterTest {

    @TempDir
    Path directory;

    @Test
    void longNamesUsePrefixOrPaxAndTarReadsThem() throws Exception {
        String deep = "d".repeat(60) + "/" + "e".repeat(60) + "/" + "f".repeat(60);
        String longLeaf = "x".repeat(150) + ".txt";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TarWriter tar = new TarWriter(bytes, 0);
        tar.directory("root");
        tar.directory("root/" + deep);
        byte[] first = "in a deep directory\n".getBytes(StandardCharsets.UTF_8);
        tar.file("root/" + deep + "/file.txt", first.length, new ByteArrayInputStream(first));
        byte[] second = new byte[1000];
        tar.file("root/" + longLeaf, second.length, new ByteArrayInputStream(second));
        tar.finish();
        Path archive = directory.resolve("test.tar");
        Files.write(archive, bytes.toByteArray());

        Process process = new ProcessBuilder("tar", "-xf", archive.toString(), "-C", directory.toString())
                .redirectErrorStream(true).start();
        assertEquals(0, process.waitFor(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));

        assertEquals("in a deep directory\n", Files.readString(directory.resolve("root/" + deep + "/file.txt")));
        assertEquals(1000, Files.size(directory.resolve("root/" + longLeaf)));
    }

    @Test
    void paxRecordLengthCountsItsOwnDigits() {
        assertEquals("12 path=abc\n", new String(TarWriter.paxRecord("path", "abc"), StandardCharsets.UTF_8));
        String value = "v".repeat(89);
        String record = new String(TarWriter.paxRecord("path", value), StandardCharsets.UTF_8);
        assertEquals(record.length(), Integer.parseInt(record.substring(0, record.indexOf(' '))));
    }
}
