package io.strata.ipns.verticle;

import io.strata.blockstore.verticle.LocalObjectCodec;
import io.strata.crypto.KeyFormat;
import io.strata.crypto.KeyType;
import io.strata.ipns.IpnsName;
import io.strata.ipns.verticle.IpnsContract.KeyExportRequest;
import io.strata.ipns.verticle.IpnsContract.KeyGenRequest;
import io.strata.ipns.verticle.IpnsContract.KeyImportRequest;
import io.strata.ipns.verticle.IpnsContract.KeyInfo;
import io.strata.ipns.verticle.IpnsContract.KeyRenameRequest;
import io.strata.ipns.verticle.IpnsContract.KeyRenamed;
import io.strata.ipns.verticle.IpnsContract.PublishRequest;
import io.strata.ipns.verticle.IpnsContract.Published;
import io.strata.ipns.verticle.IpnsContract.PutRecordRequest;
import io.strata.ipns.verticle.IpnsContract.ResolveRequest;
import io.strata.ipns.verticle.IpnsContract.SignRequest;
import io.strata.ipns.verticle.IpnsContract.Signed;
import io.strata.ipns.verticle.IpnsContract.VerifyRequest;
import io.strata.ipns.verticle.IpnsContract.Verified;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;

import java.time.Duration;
import java.util.List;

/** Typed access to the node's IPNS verticle ({@link IpnsContract}); failures are {@link IpnsClientException}s. */
public final class IpnsClient {

    /** Long enough for a DHT lookup or publication; RSA key generation is the slowest local call. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(90);

    private final Vertx vertx;
    private final DeliveryOptions delivery;

    public IpnsClient(Vertx vertx) {
        this(vertx, DEFAULT_TIMEOUT);
    }

    public IpnsClient(Vertx vertx, Duration timeout) {
        this.vertx = vertx;
        LocalObjectCodec.registerOn(vertx);
        this.delivery = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME).setSendTimeout(timeout.toMillis());
    }

    public Future<KeyInfo> generateKey(String name, KeyType type, int rsaBits) {
        return request(IpnsContract.KEY_GEN, new KeyGenRequest(name, type, rsaBits));
    }

    public Future<List<KeyInfo>> listKeys() {
        return request(IpnsContract.KEY_LIST, null);
    }

    public Future<KeyInfo> removeKey(String name) {
        return request(IpnsContract.KEY_RM, name);
    }

    public Future<KeyRenamed> renameKey(String from, String to, boolean force) {
        return request(IpnsContract.KEY_RENAME, new KeyRenameRequest(from, to, force));
    }

    public Future<KeyInfo> importKey(String name, byte[] key, KeyFormat format) {
        return request(IpnsContract.KEY_IMPORT, new KeyImportRequest(name, key, format));
    }

    public Future<byte[]> exportKey(String name, KeyFormat format) {
        return request(IpnsContract.KEY_EXPORT, new KeyExportRequest(name, format));
    }

    public Future<Signed> sign(String keyName, byte[] data) {
        return request(IpnsContract.KEY_SIGN, new SignRequest(keyName, data));
    }

    public Future<Verified> verify(String keyName, byte[] data, byte[] signature) {
        return request(IpnsContract.KEY_VERIFY, new VerifyRequest(keyName, data, signature));
    }

    public Future<Published> publish(PublishRequest request) {
        return request(IpnsContract.PUBLISH, request);
    }

    /** The content path {@code path} resolves to. */
    public Future<String> resolve(String path, boolean recursive, boolean noCache) {
        return request(IpnsContract.RESOLVE, new ResolveRequest(path, recursive, noCache));
    }

    /** The best valid signed record of {@code name}, as stored or found in the DHT. */
    public Future<byte[]> getRecord(IpnsName name) {
        return request(IpnsContract.GET_RECORD, name);
    }

    /** Validates a record received from outside (routing API) and keeps and republishes it unless a better one is known. */
    public Future<Void> putRecord(IpnsName name, byte[] record) {
        return request(IpnsContract.PUT_RECORD, new PutRecordRequest(name, record));
    }

    /** Watches {@code name}: {@link IpnsContract.NameChanged} events arrive on {@link IpnsContract#changesAddress}. */
    public Future<Void> follow(IpnsName name) {
        return request(IpnsContract.FOLLOW, name);
    }

    /** Ends one {@link #follow}; the name is no longer watched once every follower has left. */
    public Future<Void> unfollow(IpnsName name) {
        return request(IpnsContract.UNFOLLOW, name);
    }

    private <T> Future<T> request(String address, Object body) {
        return vertx.eventBus().<T>request(address, body, delivery)
                .map(Message::body)
                .recover(failure -> Future.failedFuture(toClientException(address, failure)));
    }

    private static IpnsClientException toClientException(String address, Throwable failure) {
        if (failure instanceof ReplyException reply) {
            return switch (reply.failureType()) {
                case RECIPIENT_FAILURE -> new IpnsClientException(
                        IpnsError.byFailureCode(reply.failureCode()).orElse(IpnsError.UNAVAILABLE), reply.getMessage(), reply);
                case NO_HANDLERS -> new IpnsClientException(IpnsError.UNAVAILABLE,
                        "no IPNS verticle on this node (nothing listens on " + address + ")", reply);
                case TIMEOUT -> new IpnsClientException(IpnsError.UNAVAILABLE, "the IPNS verticle did not answer " + address + " in time", reply);
                default -> new IpnsClientException(IpnsError.UNAVAILABLE, reply.getMessage(), reply);
            };
        }
        return new IpnsClientException(IpnsError.UNAVAILABLE, String.valueOf(failure.getMessage()), failure);
    }
}
