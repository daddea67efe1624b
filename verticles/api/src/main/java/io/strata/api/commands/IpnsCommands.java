package io.strata.api.commands;

import io.strata.api.multipart.Part;
import io.strata.api.rpc.ArgumentSpec;
import io.strata.api.rpc.Command;
import io.strata.api.rpc.OptionSpec;
import io.strata.api.rpc.RpcCall;
import io.strata.api.rpc.RpcException;
import io.strata.crypto.KeyFormat;
import io.strata.crypto.KeyType;
import io.strata.ipld.BlockGetter;
import io.strata.ipld.unixfs.PathResolver;
import io.strata.ipns.IpnsException;
import io.strata.ipns.IpnsName;
import io.strata.ipns.IpnsRecord;
import io.strata.ipns.IpnsValidator;
import io.strata.ipns.verticle.GoDuration;
import io.strata.ipns.verticle.IpnsClient;
import io.strata.ipns.verticle.IpnsContract.KeyInfo;
import io.strata.ipns.verticle.IpnsContract.KeyRenamed;
import io.strata.ipns.verticle.IpnsContract.PublishRequest;
import io.strata.ipns.verticle.IpnsContract.Published;
import io.strata.ipns.verticle.IpnsContract.Signed;
import io.strata.ipns.verticle.IpnsContract.Verified;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multibase;
import io.strata.multiformats.MultiformatException;
import io.strata.multiformats.PeerId;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kubo's {@code key/gen|list|rm|rename|import|export|sign|verify} and {@code name/publish|resolve|inspect}, over
 * the node's IPNS verticle ({@link IpnsClient}); {@code name/inspect} only decodes and checks a record here.
 * Key ids print as {@code --ipns-base} says (base36 {@code k51...} by default, {@code b58mh} for {@code 12D3KooW...}).
 * {@code name/publish --resolve} (the default) first resolves an {@code /ipfs/} value and reads the block it names
 * through the node's read path (the local store, and other nodes on a cluster), failing as Kubo does when a block
 * or a path segment is missing.
 */
public final class IpnsCommands {

    /** Largest key file, record, or signed message read from a request. */
    private static final int MAX_INPUT = 1 << 20;

    private final IpnsClient ipns;
    private final BlockGetter blocks;
    private final Clock clock;

    /** @param blocks the read path that {@code name/publish --resolve} checks {@code /ipfs/} values against (worker threads) */
    public IpnsCommands(IpnsClient ipns, BlockGetter blocks, Clock clock) {
        this.ipns = ipns;
        this.blocks = blocks;
        this.clock = clock;
    }

    public List<Command> commands() {
        return List.of(
                Command.builder("key/gen")
                        .argument(ArgumentSpec.string("name"))
                        .option(OptionSpec.stringWithDefault("type", "ed25519", "t"))
                        .option(OptionSpec.integer("size", "s"))
                        .option(OptionSpec.stringWithDefault("ipns-base", "base36"))
                        .handler(this::generate),
                Command.builder("key/list")
                        .option(OptionSpec.bool("l"))
                        .option(OptionSpec.stringWithDefault("ipns-base", "base36"))
                        .handler(call -> ipns.listKeys().compose(keys -> call.single(keyList(call, keys)))),
                Command.builder("key/rm")
                        .argument(ArgumentSpec.strings("name"))
                        .option(OptionSpec.bool("l"))
                        .option(OptionSpec.stringWithDefault("ipns-base", "base36"))
                        .handler(this::remove),
                Command.builder("key/rename")
                        .argument(ArgumentSpec.string("name"))
                        .argument(ArgumentSpec.string("newName"))
                        .option(OptionSpec.bool("force", "f"))
                        .option(OptionSpec.stringWithDefault("ipns-base", "base36"))
                        .handler(this::rename),
                Command.builder("key/import")
                        .argument(ArgumentSpec.string("name"))
                        .argument(ArgumentSpec.file("key"))
                        .option(OptionSpec.stringWithDefault("format", KeyFormat.LIBP2P_PROTOBUF_CLEARTEXT.kuboName(), "f"))
                        .option(OptionSpec.bool("allow-any-key-type"))
                        .option(OptionSpec.stringWithDefault("ipns-base", "base36"))
                        .handler(this::importKey),
                Command.builder("key/export")
                        .argument(ArgumentSpec.string("name"))
                        .option(OptionSpec.stringWithDefault("format", KeyFormat.LIBP2P_PROTOBUF_CLEARTEXT.kuboName(), "f"))
                        .option(OptionSpec.string("output", "o"))
                        .handler(this::export),
                Command.builder("key/sign")
                        .argument(ArgumentSpec.file("data"))
                        .option(OptionSpec.stringWithDefault("key", "self", "k"))
                        .option(OptionSpec.stringWithDefault("ipns-base", "base36"))
                        .handler(this::sign),
                Command.builder("key/verify")
                        .argument(ArgumentSpec.file("data"))
                        .option(OptionSpec.stringWithDefault("key", "self", "k"))
                        .option(OptionSpec.string("signature"))
                        .option(OptionSpec.stringWithDefault("ipns-base", "base36"))
                        .handler(this::verify),
                Command.builder("name/publish")
                        .argument(ArgumentSpec.string("ipfs-path"))
                        .option(OptionSpec.bool("resolve", true))
                        .option(OptionSpec.stringWithDefault("lifetime", "48h", "t"))
                        .option(OptionSpec.bool("allow-offline"))
                        .option(OptionSpec.string("ttl"))
                        .option(OptionSpec.stringWithDefault("key", "self", "k"))
                        .option(OptionSpec.bool("quieter", "Q"))
                        .option(OptionSpec.stringWithDefault("ipns-base", "base36"))
                        .handler(this::publish),
                Command.builder("name/resolve")
                        .argument(ArgumentSpec.optionalString("name"))
                        .option(OptionSpec.bool("recursive", true, "r"))
                        .option(OptionSpec.bool("nocache", "n"))
                        .option(OptionSpec.integer("dht-record-count", "dhtrc"))
                        .option(OptionSpec.string("dht-timeout", "dhtt"))
                        .option(OptionSpec.bool("stream", "s"))
                        .handler(this::resolve),
                Command.builder("name/inspect")
                        .argument(ArgumentSpec.file("record"))
                        .option(OptionSpec.string("verify"))
                        .option(OptionSpec.bool("dump", true))
                        .handler(this::inspect));
    }

    private Future<?> generate(RpcCall call) {
        KeyType type;
        try {
            type = KeyType.byKuboName(call.string("type"));
        } catch (RuntimeException e) {
            throw RpcException.normal(e.getMessage());
        }
        int size = (int) call.integer("size", 2048);
        return ipns.generateKey(call.argument(0), type, size).compose(key -> call.single(keyOutput(call, key)));
    }

    private Future<?> remove(RpcCall call) {
        return call.blocking(() -> {
            JsonArray removed = new JsonArray();
            for (String name : call.arguments()) {
                removed.add(keyOutput(call, RpcCall.await(ipns.removeKey(name))));
            }
            return removed;
        }).compose(keys -> call.single(new JsonObject().put("Keys", keys)));
    }

    private Future<?> rename(RpcCall call) {
        return ipns.renameKey(call.argument(0), call.argument(1), call.flag("force")).compose(renamed -> call.single(renameOutput(call, renamed)));
    }

    private static JsonObject renameOutput(RpcCall call, KeyRenamed renamed) {
        return new JsonObject()
                .put("Was", renamed.was())
                .put("Now", renamed.now().name())
                .put("Id", formatId(call, renamed.now().id()))
                .put("Overwrite", renamed.overwritten());
    }

    private Future<?> importKey(RpcCall call) {
        KeyFormat format = format(call);
        return call.blocking(() -> readFile(call))
                .compose(bytes -> ipns.importKey(call.argument(0), bytes, format))
                .compose(key -> call.single(keyOutput(call, key)));
    }

    private Future<?> export(RpcCall call) {
        KeyFormat format = format(call);
        return ipns.exportKey(call.argument(0), format).compose(bytes -> call.startStream((long) bytes.length, "application/octet-stream")
                .compose(started -> call.write(Buffer.buffer(bytes)))
                .compose(written -> call.end()));
    }

    private Future<?> sign(RpcCall call) {
        return call.blocking(() -> readFile(call))
                .compose(data -> ipns.sign(call.string("key"), data))
                .compose(signed -> call.single(signOutput(call, signed)));
    }

    private static JsonObject signOutput(RpcCall call, Signed signed) {
        return new JsonObject()
                .put("Key", keyOutput(call, signed.key()))
                .put("Signature", Multibase.BASE64URL.encode(signed.signature()));
    }

    private Future<?> verify(RpcCall call) {
        String signatureText = call.string("signature");
        if (signatureText == null || signatureText.isEmpty()) {
            throw RpcException.normal("the --signature option is required (a multibase-encoded signature)");
        }
        byte[] signature;
        try {
            signature = Multibase.decode(signatureText);
        } catch (MultiformatException e) {
            throw RpcException.normal("failed to decode signature: " + e.getMessage());
        }
        return call.blocking(() -> readFile(call))
                .compose(data -> ipns.verify(call.string("key"), data, signature))
                .compose(verified -> call.single(verifyOutput(call, verified)));
    }

    private static JsonObject verifyOutput(RpcCall call, Verified verified) {
        return new JsonObject().put("Key", keyOutput(call, verified.key())).put("SignatureValid", verified.valid());
    }

    private Future<?> publish(RpcCall call) {
        Duration lifetime = duration("lifetime", call.string("lifetime"));
        String ttlText = call.string("ttl");
        Duration ttl = ttlText == null || ttlText.isEmpty() ? null : duration("ttl", ttlText);
        PublishRequest request = new PublishRequest(call.string("key"), call.argument(0), lifetime, ttl, call.flag("resolve"),
                call.flag("allow-offline"));
        Future<Void> checked = call.flag("resolve") ? ipfsPath(request.value())
                .map(path -> call.blocking(() -> blocks.get(new PathResolver(blocks).resolve(path))).<Void>mapEmpty())
                .orElse(Future.succeededFuture()) : Future.succeededFuture();
        return checked.compose(available -> ipns.publish(request)).compose(published -> call.single(publishOutput(call, published)));
    }

    /**
     * An {@code /ipfs/} value or a bare CID (path) whose root parses; empty for anything else, which the IPNS verticle
     * checks or refuses itself.
     */
    private static Optional<String> ipfsPath(String value) {
        String path = value.strip();
        if (path.startsWith("/ipfs/")) {
            path = path.substring("/ipfs/".length());
        } else if (path.startsWith("/")) {
            return Optional.empty();
        }
        int slash = path.indexOf('/');
        try {
            Cid.parse(slash < 0 ? path : path.substring(0, slash));
            return Optional.of(path);
        } catch (MultiformatException e) {
            return Optional.empty();
        }
    }

    private static JsonObject publishOutput(RpcCall call, Published published) {
        return new JsonObject().put("Name", formatId(call, published.name().peerId())).put("Value", published.value());
    }

    private Future<?> resolve(RpcCall call) {
        String name = call.arguments().isEmpty() ? "self" : call.argument(0);
        Future<String> resolved = ipns.resolve(name, call.flag("recursive"), call.flag("nocache"));
        if (call.flag("stream")) {
            return resolved.compose(path -> call.emit(new JsonObject().put("Path", path))).compose(emitted -> call.end());
        }
        return resolved.compose(path -> call.single(new JsonObject().put("Path", path)));
    }

    /** Kubo's IpnsInspectResult: the decoded entry, its size and signature kinds, a hex dump, and validation if asked. */
    private Future<?> inspect(RpcCall call) {
        String verifyName = call.string("verify");
        boolean dump = call.flag("dump");
        return call.blocking(() -> {
            byte[] bytes = readFile(call);
            IpnsRecord record;
            try {
                record = IpnsRecord.unmarshal(bytes);
            } catch (IpnsException e) {
                throw RpcException.normal("failed to parse the IPNS record: " + e.getMessage());
            }
            JsonObject entry = new JsonObject()
                    .put("Value", record.value())
                    .put("ValidityType", 0)
                    .put("Validity", record.validityText())
                    .put("Sequence", unsigned(record.sequence()))
                    .put("TTL", unsigned(record.ttlNanos()));
            JsonObject result = new JsonObject()
                    .put("Entry", entry)
                    .put("PbSize", bytes.length)
                    .put("SignatureType", record.hasSignatureV1() ? "V1+V2" : "V2")
                    .put("HexDump", dump ? HexFormat.of().formatHex(bytes) : "");
            if (verifyName != null && !verifyName.isEmpty()) {
                JsonObject validation = new JsonObject().put("Valid", true).put("Reason", "");
                try {
                    IpnsName name = IpnsName.parse(verifyName);
                    validation.put("Name", name.toString());
                    IpnsValidator.validate(name, bytes, clock.instant());
                } catch (IpnsException e) {
                    validation.put("Valid", false).put("Reason", e.getMessage());
                }
                result.put("Validation", validation);
            }
            return result;
        }).compose(call::single);
    }

    private static Number unsigned(long value) {
        return value >= 0 ? Long.valueOf(value) : new BigInteger(Long.toUnsignedString(value));
    }

    private static Duration duration(String option, String text) {
        try {
            return GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw RpcException.normal("invalid --" + option + ": time: " + e.getMessage());
        }
    }

    private static KeyFormat format(RpcCall call) {
        try {
            return KeyFormat.byKuboName(call.string("format"));
        } catch (RuntimeException e) {
            throw RpcException.normal(e.getMessage());
        }
    }

    private static byte[] readFile(RpcCall call) throws IOException {
        if (!call.hasMultipartBody()) {
            throw RpcException.client("a file argument is required (multipart/form-data body)");
        }
        Part part = call.multipart().next();
        if (part == null) {
            throw RpcException.client("a file argument is required");
        }
        byte[] bytes = part.body().readNBytes(MAX_INPUT + 1);
        if (bytes.length > MAX_INPUT) {
            throw RpcException.normal("the file argument is over " + MAX_INPUT + " bytes");
        }
        return bytes;
    }

    private static JsonObject keyList(RpcCall call, List<KeyInfo> keys) {
        JsonArray list = new JsonArray();
        keys.forEach(key -> list.add(keyOutput(call, key)));
        return new JsonObject().put("Keys", list);
    }

    private static JsonObject keyOutput(RpcCall call, KeyInfo key) {
        return new JsonObject(Map.of("Name", key.name(), "Id", formatId(call, key.id())));
    }

    /** A key id in the {@code --ipns-base} form: a libp2p-key CID in that multibase, or the base58 multihash for b58mh. */
    private static String formatId(RpcCall call, PeerId id) {
        String base = call.string("ipns-base", "base36");
        if (base.equals("b58mh")) {
            return id.toBase58();
        }
        try {
            return id.toString(Multibase.byName(base));
        } catch (MultiformatException e) {
            throw RpcException.normal("invalid --ipns-base: " + e.getMessage());
        }
    }
}
