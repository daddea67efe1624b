package io.strata.blockstore;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
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

    private final Path directory;
    private final long targetPackBytes;
    private final Map<Integer, FileChannel> channels = new ConcurrentHashMap<>();
    private final ConcurrentSkipListSet<Integer> packs = new ConcurrentSkipListSet<>();
    private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(WRITE_BUFFER_BYTES);
    private int active;
    private long activeEnd;

    /** Opens the packs in {@code directory} (created if missing), or starts the first one. */
    PackFiles(Path directory, long targetPackBytes) throws IOException {
        this.directory = directory;
        this.targetPackBytes = targetPackBytes;
        Files.createDirectories(directory);
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
            activeEnd = channel(active).size();
        }
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
     * Appends {@code blocks} (each at most the write buffer's size) to the active pack, starting a new pack
     * first when the active one has reached its target size; with {@code sync} the bytes are on the device when
     * this returns. The caller records the returned locations only after this returns.
     */
    List<Location> append(List<byte[]> blocks, boolean sync) throws IOException {
        if (activeEnd >= targetPackBytes) {
            startPack(active + 1);
        }
        FileChannel channel = channel(active);
        List<Location> locations = new ArrayList<>(blocks.size());
        long position = activeEnd;
        writeBuffer.clear();
        long bufferStart = position;
        for (byte[] block : blocks) {
            if (writeBuffer.remaining() < block.length) {
                bufferStart += drain(channel, bufferStart);
            }
            locations.add(new Location(active, position, block.length));
            writeBuffer.put(block);
            position += block.length;
        }
        drain(channel, bufferStart);
        if (sync) {
            channel.force(false);
        }
        activeEnd = position;
        return locations;
    }

    private int drain(FileChannel channel, long at) throws IOException {
        writeBuffer.flip();
        int written = writeBuffer.remaining();
        long position = at;
        while (writeBuffer.hasRemaining()) {
            position += channel.write(writeBuffer, position);
        }
        writeBuffer.clear();
        return written;
    }

    /** The block's bytes; null when the pack ends before them (a truncated file). */
    byte[] read(Location location) throws IOException {
        FileChannel channel = channel(location.pack());
        byte[] data = new byte[location.length()];
        ByteBuffer target = ByteBuffer.wrap(data);
        long position = location.offset();
        while (target.hasRemaining()) {
            int read = channel.read(target, position);
            if (read < 0) {
                return null;
            }
            position += read;
        }
        return data;
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
        FileChannel channel = FileChannel.open(path(pack), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        channels.put(pack, channel);
        packs.add(pack);
        active = pack;
        activeEnd = channel.size();
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
                    return FileChannel.open(path(number), StandardOpenOption.READ, StandardOpenOption.WRITE);
                } catch (IOException e) {
                    throw new PackOpenFailure(e);
                }
            });
        } catch (PackOpenFailure e) {
            throw e.getCause();
        }
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
