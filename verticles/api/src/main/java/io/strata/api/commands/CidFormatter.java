package io.strata.api.commands;

import io.strata.api.rpc.RpcException;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multibase;
import io.strata.multiformats.Multicodec;

/** The printf-like CID format strings of {@code ipfs cid format -f} (go-cidutil's directives). */
final class CidFormatter {

    private CidFormatter() {
    }

    static String format(String format, Multibase base, Cid cid) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 1 == format.length()) {
                throw RpcException.normal("invalid format string: \"" + format + "\": premature end of format string");
            }
            char directive = format.charAt(++i);
            out.append(switch (directive) {
                case '%' -> "%";
                case 'b' -> base.multibaseName();
                case 'B' -> String.valueOf(base.prefix());
                case 'v' -> "cidv" + cid.version();
                case 'V' -> Integer.toString(cid.version());
                case 'c' -> Multicodec.nameOf(cid.codec());
                case 'C' -> Long.toString(cid.codec());
                case 'h' -> Multicodec.nameOf(cid.multihash().function());
                case 'H' -> Long.toString(cid.multihash().function());
                case 'L' -> Integer.toString(cid.multihash().digestLength());
                case 'm' -> base.encode(cid.multihash().bytes());
                case 'M' -> base.encodeRaw(cid.multihash().bytes());
                case 'd' -> base.encode(cid.multihash().digest());
                case 'D' -> base.encodeRaw(cid.multihash().digest());
                case 's' -> cidString(cid, base);
                case 'S' -> cid.version() == 0 ? cid.toString() : base.encodeRaw(cid.bytes());
                case 'P' -> "cidv" + cid.version() + "-" + Multicodec.nameOf(cid.codec()) + "-"
                        + Multicodec.nameOf(cid.multihash().function()) + "-" + cid.multihash().digestLength();
                default -> throw RpcException.normal("invalid format string: \"" + format
                        + "\": unrecognized specifier in format string: %" + directive);
            });
        }
        return out.toString();
    }

    static String cidString(Cid cid, Multibase base) {
        return cid.version() == 0 ? cid.toString() : cid.toString(base);
    }
}
