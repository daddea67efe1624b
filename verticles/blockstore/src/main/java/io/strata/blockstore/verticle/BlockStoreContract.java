package io.strata.blockstore.verticle;

import io.strata.blockstore.PinType;
import io.strata.multiformats.Cid;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The block store verticle's event-bus contract: every address, its request payload and its reply.
 * Callers should use {@link BlockStoreClient}, which speaks this contract with types and maps failures.
 *
 * <h2>Scope: one node</h2>
 * The verticle registers its handlers with {@code eventBus().localConsumer(...)}. Local consumers are not
 * announced to the cluster, so when nodes share a clustered event bus a request sent to these addresses
 * from a node is always answered by that node's own store, never by another node's. Blocks held by other
 * nodes are fetched through Bitswap ({@code strata.bitswap.<peerId>}), which is node-addressed. Because
 * delivery is always in-JVM, payloads are passed by reference through {@link LocalObjectCodec}.
 *
 * <h2>Failures</h2>
 * A failed request is answered with {@code message.fail(code, text)} where {@code code} is
 * {@link BlockStoreError#failureCode()}; the client rethrows it as {@link BlockStoreClientException}.
 * Types from {@code io.strata.blockstore} ({@code PinType}, {@code PinStatus}, {@code PinVerification},
 * {@code BadBlock}, {@code DagProblem}) are used as they are.
 *
 * <table>
 * <caption>Addresses</caption>
 * <tr><th>address</th><th>request body</th><th>reply body</th><th>failures</th></tr>
 * <tr><td>{@link #PUT}</td><td>{@code io.strata.ipld.Block}</td><td>null</td><td>BLOCK_TOO_LARGE</td></tr>
 * <tr><td>{@link #PUT_ALL}</td><td>{@code List<Block>} (written atomically)</td><td>null</td><td>BLOCK_TOO_LARGE</td></tr>
 * <tr><td>{@link #GET}</td><td>{@link Cid}</td><td>{@code byte[]}</td><td>NOT_FOUND</td></tr>
 * <tr><td>{@link #HAS}</td><td>{@link Cid}</td><td>{@code Boolean}</td><td></td></tr>
 * <tr><td>{@link #SIZE}</td><td>{@link Cid}</td><td>{@code Integer}</td><td>NOT_FOUND</td></tr>
 * <tr><td>{@link #DELETE}</td><td>{@link Cid}</td><td>null</td><td>NOT_FOUND, PINNED</td></tr>
 * <tr><td>{@link #KEYS}</td><td>{@link KeysRequest}</td><td>{@code io.strata.blockstore.KeyPage}: at most
 * {@code limit} CIDs after {@code after} in multihash byte order, and whether more follow</td><td></td></tr>
 * <tr><td>{@link #STAT}</td><td>null</td><td>{@link RepoStat}</td><td></td></tr>
 * <tr><td>{@link #PIN_ADD}</td><td>{@link PinRequest}</td><td>null</td><td>NOT_FOUND (a block of the DAG is missing), PIN_CONFLICT</td></tr>
 * <tr><td>{@link #PIN_RM}</td><td>{@link PinRequest}</td><td>null</td><td>NOT_PINNED, PIN_CONFLICT</td></tr>
 * <tr><td>{@link #PIN_LS}</td><td>{@link PinListRequest}</td><td>{@code List<PinStatus>}</td><td></td></tr>
 * <tr><td>{@link #PIN_IS_PINNED}</td><td>{@link Cid}</td><td>{@code Optional<PinStatus>}</td><td></td></tr>
 * <tr><td>{@link #PIN_UPDATE}</td><td>{@link PinUpdateRequest}</td><td>null</td><td>NOT_PINNED, NOT_FOUND</td></tr>
 * <tr><td>{@link #PIN_VERIFY}</td><td>null</td><td>{@code List<PinVerification>}, one per recursive pin</td><td></td></tr>
 * <tr><td>{@link #GC}</td><td>{@link GcRequest}</td><td>{@link CollectedGarbage}</td><td></td></tr>
 * <tr><td>{@link #GC_HOLD}</td><td>null</td><td>{@code Long} hold id</td><td></td></tr>
 * <tr><td>{@link #GC_RELEASE}</td><td>{@code Long} hold id</td><td>null</td><td></td></tr>
 * <tr><td>{@link #VERIFY}</td><td>null</td><td>{@code List<BadBlock>}: blocks whose bytes do not match their CID</td><td></td></tr>
 * <tr><td>{@link #BLOCKS_ADDED}</td><td>local publish by the store (not a request)</td><td>{@code List<Cid>} of the blocks a
 * successful put or putAll just stored</td><td></td></tr>
 * </table>
 * Any address may also fail with INVALID_REQUEST (wrong payload) or STORE_FAILURE (I/O), and the client
 * reports UNAVAILABLE when no block store is deployed or the reply timed out.
 */
public final class BlockStoreContract {

    public static final String PREFIX = "strata.blocks.";

    public static final String PUT = PREFIX + "put";
    public static final String PUT_ALL = PREFIX + "putAll";
    public static final String GET = PREFIX + "get";
    public static final String HAS = PREFIX + "has";
    public static final String SIZE = PREFIX + "size";
    public static final String DELETE = PREFIX + "delete";
    public static final String STAT = PREFIX + "stat";
    /** One page of the stored CIDs, to walk the store without holding it in memory (reprovide, refs local). */
    public static final String KEYS = PREFIX + "keys";
    public static final String PIN_ADD = PREFIX + "pin.add";
    public static final String PIN_RM = PREFIX + "pin.rm";
    public static final String PIN_LS = PREFIX + "pin.ls";
    public static final String PIN_IS_PINNED = PREFIX + "pin.isPinned";
    public static final String PIN_UPDATE = PREFIX + "pin.update";
    public static final String PIN_VERIFY = PREFIX + "pin.verify";
    public static final String GC = PREFIX + "gc";
    public static final String GC_HOLD = PREFIX + "gc.hold";
    public static final String GC_RELEASE = PREFIX + "gc.release";
    public static final String VERIFY = PREFIX + "verify";
    /**
     * Published locally (never across nodes) after every successful put and putAll, so Bitswap can answer
     * wants that were waiting for these blocks and the DHT can provide them.
     */
    public static final String BLOCKS_ADDED = PREFIX + "added";

    /** The largest page {@link #KEYS} answers. */
    public static final int MAX_KEYS_PAGE = 10_000;

    /**
     * A page of the stored CIDs after {@code after} (null for the first page; it need not be stored), at most
     * {@code limit} of them, between 1 and {@link #MAX_KEYS_PAGE}.
     */
    public record KeysRequest(Cid after, int limit) {
        public KeysRequest {
            if (limit < 1 || limit > MAX_KEYS_PAGE) {
                throw new IllegalArgumentException("a key page holds 1 to " + MAX_KEYS_PAGE + " CIDs, asked for " + limit);
            }
        }
    }

    /**
     * Pin or unpin {@code cid}, recursively or directly; {@code name} ("" for none) is kept with an added pin.
     * {@code writtenByCaller} marks a recursive pin of a DAG the caller has just stored in full (every put
     * answered, under a GC hold): the store then checks only the root instead of reading the DAG back.
     */
    public record PinRequest(Cid cid, boolean recursive, String name, boolean writtenByCaller) {
        public PinRequest {
            Objects.requireNonNull(cid, "cid");
            Objects.requireNonNull(name, "name (use \"\" for an unnamed pin)");
        }
    }

    /** Move a recursive pin from {@code from} to {@code to}; keep the old pin unless {@code unpin}. */
    public record PinUpdateRequest(Cid from, Cid to, boolean unpin) {
        public PinUpdateRequest {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    /** List the pins of the given types (Kubo's {@code --type}; {@code all} is every type). */
    public record PinListRequest(Set<PinType> types) {
        public PinListRequest {
            types = Set.copyOf(types);
        }
    }

    /** Collect garbage, treating {@code extraRoots} as recursively pinned for this run (Kubo's MFS root). */
    public record GcRequest(List<Cid> extraRoots) {
        public GcRequest {
            extraRoots = List.copyOf(extraRoots);
        }
    }

    private BlockStoreContract() {
    }
}
