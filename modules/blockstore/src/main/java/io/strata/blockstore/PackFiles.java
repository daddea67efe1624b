package io.strata.blockstore;

import com.sun.nio.file.ExtendedOpenOption;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Append-only files holding block bytes for {@link RocksBlockStore}, so every byte of a block is written once
 * (RocksDB keeps only where it is). Blocks are appended to the newest ("active") pack until it reaches the
 * target size, then a new pack starts. Bytes past the last indexed block (a write that crashed before its
 * index entry was committed) are never read and are overwritten by the next append.
 *
 * <p>With direct I/O ({@code O_DIRECT}, where the file system supports it) block bytes bypass the operating
 * system's page cache both ways. On virtual machines, where a page-cache page the guest has not touched lately
 * costs the hypervisor a fault, buffered writes of new data cost seconds of kernel CPU per GiB, and so does
 * filling the cache when the data is read back; the device itself reads and writes far faster. Every write and
 * read then covers whole aligned pages: an append rewrites the active pack's last partial page (kept in memory)
 * together with the new bytes and pads the rest of its last page with zeros, so a pack's size is a multiple of
 * the alignment. Rewriting a page writes its earlier bytes unchanged, so a torn write or a concurrent read never
 * sees an indexed byte change. Without direct I/O the same aligned writes go through the page cache.
 *
 * <p>Appends and deletions must be serialised by the caller; {@link #read} may run concurrently with appends,
 * but not with the deletion of the pack it reads.
 */
final class PackFiles implements Closeable {

    /** Where a block's bytes are: pack number, offset and length; stored as 16 bytes. */
    record Location(int pack, long offset, int length) {

        static final int ENCODED_LENGTH = 16;

        byte[] encode() {
            return ByteBuffer.allocate(ENCODED_LENGTH).putInt(pack).putLong(offset).putInt(length).array();
        }

        /** @return the location, or null when {@code bytes} is not one */
        static Location decode(byte[] bytes) {
            if (bytes.length != ENCODED_LENGTH) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            Location location = new Location(buffer.getInt(), buffer.getLong(), buffer.getInt());
            return location.pack < 1 || location.offset < 0 || location.length < 0 ? null : location;
        }
    }

    private static final Pattern PACK_NAME = Pattern.compile("(\\d{8})\\.pack");
    /** Appends are gathered in this buffer, so a batch of small blocks costs few system calls. */
    private static final int WRITE_BUFFER_BYTES = 4 * 1024 * 1024;
    /** Alignment of file offsets, lengths and buffer addresses when the file system reports a smaller block. */
    private static final int MIN_ALIGNMENT = 4096;
    /** Read buffers larger than this (blocks above the 2 MiB limit, read by repair tools) are not kept. */
    private static final int MAX_KEPT_READ_BUFFER = 4 * 1024 * 1024;

    private final Path directory;
    private final long targetPackBytes;
    private final boolean direct;
    private final int alignment;
    private final Map<Integer, FileChannel> channels = new ConcurrentHashMap<>();
    private final ConcurrentSkipListSet<Integer> packs = new ConcurrentSkipListSet<>();
    /** Holds the active pack's last partial page at its start between appends. */
    private final ByteBuffer writeBuffer;
    private final ThreadLocal<ByteBuffer> readBuffers = new ThreadLocal<>();
    private int active;
    private long activeEnd;
    /** Bytes of the active pack's last, partial page: {@code activeEnd} modulo the alignment, or 0. */
    private int tailLength;

    /**
     * Opens the packs in {@code directory} (created if missing), or starts the first one.
     *
     * @param directIo bypass the page cache when the file system allows it ({@link #directIo()} tells)
     */
    PackFiles(Path directory, long targetPackBytes, boolean directIo) throws IOException {
        this.directory = directory;
        this.targetPackBytes = targetPackBytes;
        Files.createDirectories(directory);
        this.direct = directIo && supportsDirectIo(directory);
        this.alignment = Math.max(MIN_ALIGNMENT, direct ? Math.toIntExact(Files.getFileStore(directory).getBlockSize()) : 0);
        this.writeBuffer = alignedBuffer(WRITE_BUFFER_BYTES);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                Matcher name = PACK_NAME.matcher(entry.getFileName().toString());
                if (name.matches()) {
                    packs.add(Integer.parseInt(name.group(1)));
                }
            }
        }
        if (packs.isEmpty()) {
            startPack(1);
        } else {
            active = packs.last();
            // A pack written without alignment (or cut short) resumes at the next page; the gap is never read.
            activeEnd = alignUp(channel(active).size());
            tailLength = 0;
        }
    }

    /** Whether block bytes bypass the page cache. */
    boolean directIo() {
        return direct;
    }

    int activePack() {
        return active;
    }

    /** Every pack number, oldest first. */
    List<Integer> packs() {
        return List.copyOf(packs);
    }

    long size(int pack) throws IOException {
        return channel(pack).size();
    }

    /** Bytes all packs occupy. */
    long totalBytes() throws IOException {
        long total = 0;
        for (int pack : packs) {
            total += size(pack);
        }
        return total;
    }

    /**
     * Appends {@code blocks} to the active pack, starting a new pack first when the active one has reached its
     * target size; with {@code sync} the bytes are on the device when this returns. The caller records the
     * returned locations only after this returns.
     */
    List<Location> append(List<byte[]> blocks, boolean sync) throws IOException {
        if (activeEnd >= targetPackBytes) {
            startPack(active + 1);
        }
        FileChannel channel = channel(active);
        List<Location> locations = new ArrayList<>(blocks.size());
        long writeAt = activeEnd - tailLength;
        long position = activeEnd;
        writeBuffer.limit(writeBuffer.capacity()).position(tailLength);
        for (byte[] block : blocks) {
            locations.add(new Location(active, position, block.length));
            position += block.length;
            int copied = 0;
            while (copied < block.length) {
                int chunk = Math.min(writeBuffer.remaining(), block.length - copied);
                writeBuffer.put(block, copied, chunk);
                copied += chunk;
                if (!writeBuffer.hasRemaining()) {
                    writeAt += writeFully(channel, writeBuffer.flip(), writeAt);
                    writeBuffer.clear();
                }
            }
        }
        int filled = writeBuffer.position();
        int padded = alignUp(filled);
        writeBuffer.put(new byte[padded - filled]);
        writeFully(channel, writeBuffer.flip(), writeAt);
        if (sync) {
            channel.force(false);
        }
        keepTail(filled);
        activeEnd = position;
        return locations;
    }

    /** Moves the partial last page of the {@code filled} bytes just written to the buffer's start. */
    private void keepTail(int filled) {
        tailLength = filled % alignment;
        ByteBuffer tail = writeBuffer.duplicate().limit(filled).position(filled - tailLength);
        writeBuffer.clear().put(tail);
    }

    private static int writeFully(FileChannel channel, ByteBuffer buffer, long at) throws IOException {
        int length = buffer.remaining();
        long position = at;
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
        return length;
    }

    /** The block's bytes; null when the pack ends before them (a truncated file). */
    byte[] read(Location location) throws IOException {
        if (location.length() == 0) {
            return new byte[0];
        }
        FileChannel channel = channel(location.pack());
        long start = location.offset() - location.offset() % alignment;
        int skip = (int) (location.offset() - start);
        int needed = skip + location.length();
        ByteBuffer buffer = readBuffer(alignUp(needed));
        long position = start;
        while (buffer.position() < needed) {
            int read = channel.read(buffer, position);
            if (read < 0) {
                return null;
            }
            position += read;
            // a direct read can only go on from a page boundary: a short page means the file ends here
            if (direct && position % alignment != 0 && buffer.position() < needed) {
                return null;
            }
        }
        byte[] data = new byte[location.length()];
        buffer.get(skip, data);
        return data;
    }

    /** A cleared, aligned buffer of {@code length} bytes for this thread. */
    private ByteBuffer readBuffer(int length) {
        ByteBuffer kept = readBuffers.get();
        if (kept == null || kept.capacity() < length) {
            kept = alignedBuffer(Math.max(length, 256 * 1024));
            if (kept.capacity() <= MAX_KEPT_READ_BUFFER) {
                readBuffers.set(kept);
            }
        }
        return kept.clear().limit(length);
    }

    /** Closes and removes a pack that no index entry points into any more; never the active one. */
    void delete(int pack) throws IOException {
        if (pack == active) {
            throw new IllegalArgumentException("the active pack " + pack + " cannot be deleted");
        }
        FileChannel channel = channels.remove(pack);
        if (channel != null) {
            channel.close();
        }
        packs.remove(pack);
        Files.deleteIfExists(path(pack));
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (FileChannel channel : channels.values()) {
            try {
                channel.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        channels.clear();
        if (failure != null) {
            throw failure;
        }
    }

    private void startPack(int pack) throws IOException {
        FileChannel channel = open(path(pack), StandardOpenOption.CREATE);
        channels.put(pack, channel);
        packs.add(pack);
        active = pack;
        activeEnd = alignUp(channel.size());
        tailLength = 0;
    }

    private FileChannel channel(int pack) throws IOException {
        FileChannel open = channels.get(pack);
        if (open != null) {
            return open;
        }
        if (!packs.contains(pack)) {
            throw new IOException("pack " + pack + " does not exist in " + directory);
        }
        try {
            return channels.computeIfAbsent(pack, number -> {
                try {
                    return open(path(number));
                } catch (IOException e) {
                    throw new PackOpenFailure(e);
                }
            });
        } catch (PackOpenFailure e) {
            throw e.getCause();
        }
    }

    private FileChannel open(Path path, OpenOption... extra) throws IOException {
        List<OpenOption> options = new ArrayList<>(List.of(StandardOpenOption.READ, StandardOpenOption.WRITE));
        options.addAll(Arrays.asList(extra));
        if (direct) {
            options.add(ExtendedOpenOption.DIRECT);
        }
        return FileChannel.open(path, options.toArray(OpenOption[]::new));
    }

    /** Whether a file in {@code directory} can be opened for direct I/O (not on tmpfs, for one). */
    private static boolean supportsDirectIo(Path directory) {
        Path probe = directory.resolve(".direct-io-probe");
        try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.DELETE_ON_CLOSE, ExtendedOpenOption.DIRECT)) {
            return channel.isOpen();
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private ByteBuffer alignedBuffer(int capacity) {
        return ByteBuffer.allocateDirect(capacity + alignment).alignedSlice(alignment);
    }

    private long alignUp(long value) {
        return (value + alignment - 1) / alignment * alignment;
    }

    private int alignUp(int value) {
        return Math.toIntExact(alignUp((long) value));
    }

    private Path path(int pack) {
        return directory.resolve(String.format("%08d.pack", pack));
    }

    /** Carries an open failure out of {@code computeIfAbsent}. */
    private static final class PackOpenFailure extends RuntimeException {
        PackOpenFailure(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }
}
