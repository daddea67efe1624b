package io.strata.ipld.unixfs;

import com.google.protobuf.ByteString;
import io.strata.ipld.IpldException;
import io.strata.multiformats.Cid;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Objects;

import static io.strata.ipld.IpldException.Code.UNIXFS_MALFORMED;

/**
 * A byte range of a UnixFS file, fetched lazily leaf by leaf. A depth-first walk keeps one frame per
 * level (the node and its next child); opening at an offset descends by blocksizes, so the leaves before
 * the range are never fetched. Read as a channel, leaf content goes straight into the caller's buffer (a
 * direct one can then go to a socket without another copy).
 */
final class FileContentStream extends InputStream implements ReadableByteChannel {

    private final FileDagReader reader;
    private final Cid root;
    private final Deque<Frame> path = new ArrayDeque<>();
    private ByteString current = ByteString.EMPTY;
    private int currentPosition;
    private long remaining;
    private boolean closed;

    private static final class Frame {
        final FileDagNode node;
        int nextChild;

        Frame(FileDagNode node, int nextChild) {
            this.node = node;
            this.nextChild = nextChild;
        }
    }

    FileContentStream(FileDagReader reader, Cid root, FileDagNode rootNode, long offset, long length) {
        this.reader = reader;
        this.root = root;
        long available = Math.max(0, rootNode.fileSize() - offset);
        this.remaining = length < 0 ? available : Math.min(length, available);
        if (remaining > 0) {
            seek(rootNode, offset);
        }
    }

    private void seek(FileDagNode start, long offset) {
        FileDagNode node = start;
        long skip = offset;
        while (true) {
            if (skip < node.content().size()) {
                current = node.content();
                currentPosition = (int) skip;
                path.push(new Frame(node, 0));
                return;
            }
            skip -= node.content().size();
            int child = 0;
            while (child < node.links().size() && skip >= node.blockSizes()[child]) {
                skip -= node.blockSizes()[child];
                child++;
            }
            if (child == node.links().size()) {
                throw truncated();
            }
            path.push(new Frame(node, child + 1));
            reader.prefetchChildren(node, child, true, remaining + skip);
            node = reader.child(node.links().get(child).hash(), node.blockSizes()[child]);
        }
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        int read = read(one, 0, 1);
        return read < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, target.length);
        if (remaining == 0) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        while (currentPosition == current.size()) {
            advance();
        }
        int count = (int) Math.min(Math.min(length, current.size() - currentPosition), remaining);
        current.copyTo(target, currentPosition, offset, count);
        currentPosition += count;
        remaining -= count;
        releaseWhenExhausted();
        return count;
    }

    /** Fills {@code target} as far as the range allows, across leaves; -1 once the range is exhausted. */
    @Override
    public int read(ByteBuffer target) {
        if (remaining == 0) {
            return -1;
        }
        int copied = 0;
        while (target.hasRemaining() && remaining > 0) {
            while (currentPosition == current.size()) {
                advance();
            }
            int count = (int) Math.min(Math.min(target.remaining(), current.size() - currentPosition), remaining);
            current.substring(currentPosition, currentPosition + count).copyTo(target);
            currentPosition += count;
            remaining -= count;
            copied += count;
        }
        releaseWhenExhausted();
        return copied;
    }

    /** Once the range is read, the leaves on the path are dropped so a stream kept open holds no block. */
    private void releaseWhenExhausted() {
        if (remaining == 0) {
            path.clear();
            current = ByteString.EMPTY;
            currentPosition = 0;
        }
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public long skip(long count) {
        long skipped = 0;
        while (skipped < count && remaining > 0) {
            if (currentPosition == current.size()) {
                advance();
                continue;
            }
            int step = (int) Math.min(Math.min(count - skipped, current.size() - currentPosition), remaining);
            currentPosition += step;
            remaining -= step;
            skipped += step;
        }
        return skipped;
    }

    @Override
    public int available() {
        return (int) Math.min(current.size() - currentPosition, remaining);
    }

    /** Moves to the next node holding content, depth first. */
    private void advance() {
        while (!path.isEmpty()) {
            Frame top = path.peek();
            if (top.nextChild == top.node.links().size()) {
                path.pop();
                continue;
            }
            int child = top.nextChild++;
            reader.prefetchChildren(top.node, child, child == 0, remaining);
            retrieveNextSiblingAhead(top, child);
            FileDagNode node = reader.child(top.node.links().get(child).hash(), top.node.blockSizes()[child]);
            path.push(new Frame(node, 0));
            if (!node.content().isEmpty()) {
                current = node.content();
                currentPosition = 0;
                return;
            }
        }
        throw truncated();
    }

    /**
     * When the read is {@link FileDagReader#RETRIEVE_AHEAD} / 2 children before the end of a node, the children
     * of the node's next sibling are announced for retrieval too. A getter that fetches from other nodes then
     * keeps its pipeline full across the boundary, instead of idling while the reader drains this node's last
     * blocks and only then learning which blocks come next (seconds per boundary between two nodes).
     */
    private void retrieveNextSiblingAhead(Frame top, int child) {
        int links = top.node.links().size();
        if (child != Math.max(0, links - FileDagReader.RETRIEVE_AHEAD / 2) || path.size() < 2) {
            return;
        }
        Iterator<Frame> frames = path.iterator();
        frames.next();
        Frame parent = frames.next();
        int sibling = parent.nextChild;
        if (sibling >= parent.node.links().size()) {
            return;
        }
        long bytesLeftHere = 0;
        for (int i = child; i < links; i++) {
            bytesLeftHere += top.node.blockSizes()[i];
        }
        long wantedFromSibling = remaining - bytesLeftHere;
        if (wantedFromSibling <= 0) {
            return;
        }
        FileDagNode next = reader.child(parent.node.links().get(sibling).hash(), parent.node.blockSizes()[sibling]);
        reader.retrieveChildrenAhead(next, wantedFromSibling);
    }

    private IpldException truncated() {
        return new IpldException(UNIXFS_MALFORMED, "file " + root + " ends before its declared size");
    }
}
