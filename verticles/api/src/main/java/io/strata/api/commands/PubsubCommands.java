package io.strata.api.commands;

import io.strata.api.multipart.Part;
import io.strata.api.pubsub.PubsubService;
import io.strata.api.rpc.ArgumentSpec;
import io.strata.api.rpc.Command;
import io.strata.api.rpc.RpcCall;
import io.strata.api.rpc.RpcException;
import io.strata.multiformats.Multibase;
import io.strata.multiformats.MultiformatException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code pubsub/pub|sub|ls|peers}. Topics arrive multibase-encoded (base64url), as kubo-rpc-client and
 * Kubo 0.11+ send them.
 */
public final class PubsubCommands {

    /** libp2p gossipsub's default message size limit, which Kubo keeps. */
    static final int MAX_MESSAGE_BYTES = 1024 * 1024;

    private final PubsubService pubsub;

    public PubsubCommands(PubsubService pubsub) {
        this.pubsub = pubsub;
    }

    public List<Command> commands() {
        return List.of(
                Command.builder("pubsub/pub")
                        .argument(ArgumentSpec.string("topic"))
                        .argument(ArgumentSpec.file("data"))
                        .handler(this::publish),
                Command.builder("pubsub/sub")
                        .argument(ArgumentSpec.string("topic"))
                        .handler(this::subscribe),
                Command.builder("pubsub/ls")
                        .handler(call -> {
                            JsonArray topics = new JsonArray();
                            pubsub.localTopics().forEach(topic ->
                                    topics.add(PubsubService.multibase(topic.getBytes(StandardCharsets.ISO_8859_1))));
                            return call.single(new JsonObject().put("Strings", topics));
                        }),
                Command.builder("pubsub/peers")
                        .argument(ArgumentSpec.optionalString("topic"))
                        .handler(call -> {
                            JsonArray peers = new JsonArray();
                            if (!call.arguments().isEmpty()) {
                                pubsub.peers(decodeTopic(call.argument(0))).forEach(peers::add);
                            }
                            return call.single(new JsonObject().put("Strings", peers));
                        }));
    }

    /** Kubo's urlArgsDecoder: any multibase is parsed, but only base64url is accepted. */
    static byte[] decodeTopic(String argument) {
        if (argument.isEmpty()) {
            throw RpcException.normal("URL arg must be multibase encoded: empty string");
        }
        Multibase base;
        byte[] bytes;
        try {
            base = Multibase.byPrefix(argument.charAt(0));
            bytes = Multibase.decode(argument);
        } catch (MultiformatException e) {
            throw RpcException.normal("URL arg must be multibase encoded: " + e.getMessage());
        }
        if (base != Multibase.BASE64URL) {
            throw RpcException.normal("URL arg must be base64url encoded");
        }
        return bytes;
    }

    private Future<?> publish(RpcCall call) {
        byte[] topic = decodeTopic(call.argument(0));
        return call.blocking(() -> {
            Part part = call.multipart().next();
            if (part == null) {
                throw RpcException.normal("file argument 'data' is required");
            }
            byte[] data = part.body().readNBytes(MAX_MESSAGE_BYTES + 1);
            if (data.length > MAX_MESSAGE_BYTES) {
                throw RpcException.normal("message is too large: pubsub messages are limited to "
                        + MAX_MESSAGE_BYTES + " bytes");
            }
            pubsub.publish(topic, data);
            return null;
        });
    }

    private Future<?> subscribe(RpcCall call) {
        byte[] topic = decodeTopic(call.argument(0));
        return pubsub.subscribe(topic, message -> call.emit(message))
                .compose(consumer -> call.openChannel().compose(opened -> {
                    Promise<Void> closed = Promise.promise();
                    call.onClientGone(() -> pubsub.unsubscribe(topic, consumer).onComplete(ignored -> closed.tryComplete()));
                    return closed.future();
                }));
    }
}
