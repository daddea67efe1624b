package io.strata.api.commands;

import io.strata.api.rpc.ArgumentSpec;
import io.strata.api.rpc.Command;
import io.strata.api.rpc.OptionSpec;
import io.strata.api.rpc.RpcCall;
import io.strata.api.rpc.RpcException;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multibase;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.MultiformatException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** {@code cid/format}, {@code cid/base32}, {@code cid/bases}, {@code cid/codecs}, {@code cid/hashes}. */
public final class CidCommands {

    public List<Command> commands() {
        return List.of(
                Command.builder("cid/format")
                        .argument(ArgumentSpec.strings("cid"))
                        .option(OptionSpec.stringWithDefault("f", "%s"))
                        .option(OptionSpec.string("v"))
                        .option(OptionSpec.string("mc"))
                        .option(OptionSpec.string("b"))
                        .handler(this::format),
                Command.builder("cid/base32")
                        .argument(ArgumentSpec.strings("cid"))
                        .handler(call -> emitAll(call, new Conversion("%s", Multibase.BASE32, 1, null))),
                Command.builder("cid/bases")
                        .option(OptionSpec.bool("prefix"))
                        .option(OptionSpec.bool("numeric"))
                        .handler(call -> {
                            JsonArray bases = new JsonArray();
                            for (Multibase base : Multibase.values()) {
                                bases.add(new JsonObject().put("Code", (int) base.prefix()).put("Name", base.multibaseName()));
                            }
                            return call.single(bases);
                        }),
                Command.builder("cid/codecs")
                        .option(OptionSpec.bool("numeric"))
                        .option(OptionSpec.bool("supported"))
                        .handler(call -> call.single(codeTable(false))),
                Command.builder("cid/hashes")
                        .option(OptionSpec.bool("numeric"))
                        .option(OptionSpec.bool("supported"))
                        .handler(call -> call.single(codeTable(true))));
    }

    private record Conversion(String format, Multibase base, Integer version, Long codec) {
    }

    private Future<?> format(RpcCall call) {
        String format = call.string("f");
        if (format.indexOf('%') < 0) {
            throw RpcException.normal("invalid format string: \"" + format + "\"");
        }
        Long codec = null;
        String codecName = call.string("mc");
        if (codecName != null && !codecName.isEmpty()) {
            try {
                codec = Multicodec.byName(codecName).code();
            } catch (MultiformatException e) {
                throw RpcException.normal("unknown multicodec: \"" + codecName + "\"");
            }
        }
        String baseName = call.string("b");
        Multibase base = null;
        if (baseName != null && !baseName.isEmpty()) {
            try {
                base = Multibase.byName(baseName);
            } catch (MultiformatException e) {
                throw RpcException.normal("unsupported multibase encoding: " + baseName);
            }
        }
        String versionText = call.string("v");
        Integer version;
        if (versionText == null || versionText.isEmpty()) {
            version = base != null ? 1 : null;
        } else if (versionText.equals("0")) {
            if (codec != null && codec != Multicodec.DAG_PB.code()) {
                throw RpcException.normal("cannot convert to CIDv0 with any codec other than dag-pb");
            }
            if (base != null && base != Multibase.BASE58BTC) {
                throw RpcException.normal("cannot convert to CIDv0 with any multibase other than the implicit base58btc");
            }
            version = 0;
        } else if (versionText.equals("1")) {
            version = 1;
        } else {
            throw RpcException.normal("invalid cid version: \"" + versionText + "\"");
        }
        return emitAll(call, new Conversion(format, base, version, codec));
    }

    private Future<?> emitAll(RpcCall call, Conversion conversion) {
        Future<Void> last = Future.succeededFuture();
        for (String text : call.arguments()) {
            last = call.emit(convert(text, conversion));
        }
        return last;
    }

    private static JsonObject convert(String text, Conversion conversion) {
        JsonObject result = new JsonObject().put("CidStr", text).put("Formatted", "").put("ErrorMsg", "");
        try {
            Cid cid = Cid.parse(text);
            if (conversion.codec() != null && conversion.codec() != cid.codec()) {
                cid = Cid.v1(conversion.codec(), cid.multihash());
            }
            if (conversion.version() != null) {
                if (conversion.version() == 0) {
                    if (cid.codec() != Multicodec.DAG_PB.code()) {
                        return result.put("ErrorMsg", "can't convert non-dag-pb nodes to cidv0");
                    }
                    cid = cid.toV0();
                } else {
                    cid = cid.toV1();
                }
            }
            Multibase base = conversion.base();
            if (base == null) {
                base = cid.version() == 0 ? Multibase.BASE58BTC
                        : text.length() == 46 && text.startsWith("Qm") ? Multibase.BASE58BTC : Multibase.byPrefix(text.charAt(0));
            }
            return result.put("Formatted", CidFormatter.format(conversion.format(), base, cid));
        } catch (MultiformatException e) {
            return result.put("ErrorMsg", e.getMessage());
        }
    }

    private static JsonArray codeTable(boolean hashes) {
        JsonArray table = new JsonArray();
        for (Multicodec codec : Multicodec.values()) {
            boolean isHash = codec == Multicodec.IDENTITY || io.strata.multiformats.Multihash.isSupported(codec.code())
                    || codec == Multicodec.BLAKE3;
            if (isHash == hashes) {
                table.add(new JsonObject().put("Code", codec.code()).put("Name", codec.codecName()));
            }
        }
        return table;
    }
}
