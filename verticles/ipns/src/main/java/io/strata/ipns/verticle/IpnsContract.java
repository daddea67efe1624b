package io.strata.ipns.verticle;

import io.strata.crypto.KeyFormat;
import io.strata.crypto.KeyType;
import io.strata.ipns.IpnsName;
import io.strata.multiformats.PeerId;

import java.time.Duration;
import java.util.Objects;

/**
 * The IPNS verticle's node-local event-bus contract (local consumers, objects passed by reference with
 * {@code LocalObjectCodec}). Callers use {@link IpnsClient}. Failures are {@code message.fail(code, text)} with
 * {@link IpnsError#failureCode()}.
 *
 * <table>
 * <caption>Addresses</caption>
 * <tr><th>address</th><th>request</th><th>reply</th><th>failures</th></tr>
 * <tr><td>{@link #KEY_GEN}</td><td>{@link KeyGenRequest}</td><td>{@link KeyInfo}</td><td>KEY_EXISTS, INVALID_REQUEST</td></tr>
 * <tr><td>{@link #KEY_LIST}</td><td>null</td><td>{@code List<KeyInfo>}, self first</td><td></td></tr>
 * <tr><td>{@link #KEY_RM}</td><td>{@code String} name</td><td>{@link KeyInfo}</td><td>NO_SUCH_KEY, INVALID_REQUEST</td></tr>
 * <tr><td>{@link #KEY_RENAME}</td><td>{@link KeyRenameRequest}</td><td>{@link KeyRenamed}</td><td>NO_SUCH_KEY, KEY_EXISTS</td></tr>
 * <tr><td>{@link #KEY_IMPORT}</td><td>{@link KeyImportRequest}</td><td>{@link KeyInfo}</td><td>KEY_EXISTS, INVALID_REQUEST</td></tr>
 * <tr><td>{@link #KEY_EXPORT}</td><td>{@link KeyExportRequest}</td><td>{@code byte[]}</td><td>NO_SUCH_KEY, INVALID_REQUEST</td></tr>
 * <tr><td>{@link #KEY_SIGN}</td><td>{@link SignRequest}</td><td>{@link Signed}</td><td>NO_SUCH_KEY</td></tr>
 * <tr><td>{@link #KEY_VERIFY}</td><td>{@link VerifyRequest}</td><td>{@link Verified}</td><td>NO_SUCH_KEY</td></tr>
 * <tr><td>{@link #PUBLISH}</td><td>{@link PublishRequest}</td><td>{@link Published}</td><td>NO_SUCH_KEY, INVALID_REQUEST, OFFLINE, NOT_FOUND</td></tr>
 * <tr><td>{@link #RESOLVE}</td><td>{@link ResolveRequest}</td><td>{@code String} path</td><td>INVALID_REQUEST, NOT_FOUND, DEPTH_EXCEEDED</td></tr>
 * <tr><td>{@link #GET_RECORD}</td><td>{@link IpnsName}</td><td>{@code byte[]} the best valid record</td><td>NOT_FOUND</td></tr>
 * <tr><td>{@link #PUT_RECORD}</td><td>{@link PutRecordRequest}</td><td>null</td><td>INVALID_RECORD</td></tr>
 * <tr><td>{@link #FOLLOW}</td><td>{@link IpnsName}</td><td>null, once the current record is known (or known absent)</td><td></td></tr>
 * <tr><td>{@link #UNFOLLOW}</td><td>{@link IpnsName}</td><td>null</td><td></td></tr>
 * </table>
 *
 * <p>While a name is followed (each FOLLOW counts until its UNFOLLOW), the verticle re-resolves it past the cache
 * whenever its record's TTL passes and at once when a record of it is published or put on this node, and publishes a
 * {@link NameChanged} on {@link #changesAddress(IpnsName)} whenever the value or the sequence differs from the last one
 * seen.
 */
public final class IpnsContract {

    public static final String PREFIX = "strata.ipns.";

    public static final String KEY_GEN = PREFIX + "key.gen";
    public static final String KEY_LIST = PREFIX + "key.list";
    public static final String KEY_RM = PREFIX + "key.rm";
    public static final String KEY_RENAME = PREFIX + "key.rename";
    public static final String KEY_IMPORT = PREFIX + "key.import";
    public static final String KEY_EXPORT = PREFIX + "key.export";
    public static final String KEY_SIGN = PREFIX + "key.sign";
    public static final String KEY_VERIFY = PREFIX + "key.verify";
    public static final String PUBLISH = PREFIX + "publish";
    public static final String RESOLVE = PREFIX + "resolve";
    public static final String GET_RECORD = PREFIX + "record.get";
    public static final String PUT_RECORD = PREFIX + "record.put";
    public static final String FOLLOW = PREFIX + "follow";
    public static final String UNFOLLOW = PREFIX + "unfollow";

    /** What Kubo's {@code key sign} prepends to the data before signing, so key signatures cannot pass as other messages. */
    public static final String KEY_SIGNATURE_PREFIX = "libp2p-key signed message:";

    private IpnsContract() {
    }

    /** Where {@link NameChanged} events of a followed name are published (node-local). */
    public static String changesAddress(IpnsName name) {
        return PREFIX + "changed." + name;
    }

    /** A key and the IPNS name it signs for. */
    public record KeyInfo(String name, PeerId id) {
        public IpnsName ipnsName() {
            return IpnsName.of(id);
        }
    }

    /** {@code rsaBits} is used for RSA only. */
    public record KeyGenRequest(String name, KeyType type, int rsaBits) {
        public KeyGenRequest {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    public record KeyRenameRequest(String from, String to, boolean force) {
    }

    public record KeyRenamed(String was, KeyInfo now, boolean overwritten) {
    }

    public record KeyImportRequest(String name, byte[] key, KeyFormat format) {
    }

    public record KeyExportRequest(String name, KeyFormat format) {
    }

    public record SignRequest(String keyName, byte[] data) {
    }

    public record Signed(KeyInfo key, byte[] signature) {
    }

    public record VerifyRequest(String keyName, byte[] data, byte[] signature) {
    }

    public record Verified(KeyInfo key, boolean valid) {
    }

    /**
     * @param keyName      "self" or a keystore key
     * @param value        a content path, or a bare CID (read as /ipfs/&lt;cid&gt;)
     * @param lifetime     how long the record stays valid
     * @param ttl          how long resolvers may cache it; null for the configured default
     * @param checkValue   Kubo's {@code --resolve}: an /ipns/ value must resolve before it is published
     * @param allowOffline publish to the local record store alone when the DHT is absent or fails
     */
    public record PublishRequest(String keyName, String value, Duration lifetime, Duration ttl, boolean checkValue,
                                 boolean allowOffline) {
        public PublishRequest {
            Objects.requireNonNull(keyName, "keyName");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(lifetime, "lifetime");
        }
    }

    public record Published(IpnsName name, String value, long sequence) {
    }

    /**
     * @param path      {@code /ipns/<name>[/rest]}, {@code <name>[/rest]}, or "self"
     * @param recursive follow /ipns/ values until an /ipfs/ path (up to the depth limit)
     * @param noCache   skip the cache and look the record up again
     */
    public record ResolveRequest(String path, boolean recursive, boolean noCache) {
    }

    public record PutRecordRequest(IpnsName name, byte[] record) {
    }

    /**
     * A followed name's record now says {@code value} at {@code sequence}.
     *
     * @param validity the record's end of validity, RFC 3339 as in the record
     */
    public record NameChanged(IpnsName name, String value, long sequence, String validity) {
    }
}
