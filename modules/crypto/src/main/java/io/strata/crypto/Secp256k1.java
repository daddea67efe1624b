package io.strata.crypto;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;

import java.math.BigInteger;

/** The secp256k1 curve parameters shared by the key classes. */
final class Secp256k1 {

    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");

    static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), CURVE.getN(), CURVE.getH());
    static final BigInteger ORDER = CURVE.getN();
    static final BigInteger HALF_ORDER = ORDER.shiftRight(1);

    private Secp256k1() {
    }
}
