package io.strata.cluster;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PfxOptions;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;

/**
 * What the cluster secret ({@code cluster.secret}) gives a node. Open-source Hazelcast authenticates nothing, so
 * the secret is turned into three checks, each derived with HKDF-SHA256 so nothing reveals the secret itself:
 * <ul>
 *   <li>the Hazelcast cluster name carries a tag of the secret, so Hazelcast's join refuses a node with another
 *   secret (it sees a different cluster name);</li>
 *   <li>every member publishes a proof (a nonce and its HMAC under a key from the secret) as a Hazelcast member
 *   attribute, and {@link MembershipVerticle} ignores members whose proof does not verify;</li>
 *   <li>with {@code cluster.tls}, the event bus runs over TLS with client authentication REQUIRED. The cluster CA's
 *   EC P-256 key is derived from the secret, so every node holding the secret issues its own certificate (a fresh
 *   key, signed by that CA) and trusts exactly the certificates the CA signed: a node without the secret can
 *   neither send to nor receive from the others.</li>
 * </ul>
 * The first two are filters against misconfiguration (the tag and the proof are visible on Hazelcast's unencrypted
 * port and could be replayed); the TLS event bus is the one that keeps an outsider's messages out. Hazelcast's own
 * port must stay on a private network either way.
 */
public final class ClusterSecurity {

    /** The Hazelcast member attribute holding a member's proof of the secret. */
    public static final String PROOF_ATTRIBUTE = "strata.proof";

    private static final String CURVE = "secp256r1";
    private static final X500Name CA_NAME = new X500Name("CN=Strata cluster CA");
    private static final Date CA_NOT_BEFORE = Date.from(Instant.parse("2020-01-01T00:00:00Z"));
    private static final Date CA_NOT_AFTER = Date.from(Instant.parse("2100-01-01T00:00:00Z"));
    private static final Duration NODE_CERTIFICATE_VALIDITY = Duration.ofDays(3650);
    private static final int NONCE_BYTES = 16;

    private final byte[] nameTag;
    private final byte[] proofKey;
    private final KeyPair caKeys;
    private final SecureRandom random = new SecureRandom();

    private ClusterSecurity(String secret) {
        byte[] ikm = secret.getBytes(StandardCharsets.UTF_8);
        this.nameTag = hkdf(ikm, "strata cluster name tag", 8);
        this.proofKey = hkdf(ikm, "strata cluster member proof", 32);
        this.caKeys = derivedCaKeys(hkdf(ikm, "strata cluster CA key", 48));
    }

    /** The security a non-empty secret gives; the secret must be long enough not to be guessed offline. */
    public static ClusterSecurity fromSecret(String secret) {
        if (secret.length() < 16) {
            throw new IllegalArgumentException("cluster secret must have at least 16 characters");
        }
        return new ClusterSecurity(secret);
    }

    /** The Hazelcast cluster name: the configured one with a tag of the secret, so other secrets cannot join. */
    public String hazelcastClusterName(String clusterName) {
        return clusterName + "-" + HexFormat.of().formatHex(nameTag);
    }

    /** A fresh proof for this member's attribute: a random nonce and its HMAC, hex, separated by a dot. */
    public String memberProof() {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        return HexFormat.of().formatHex(nonce) + "." + HexFormat.of().formatHex(hmac(nonce));
    }

    /** Whether a member's attribute value proves that it holds the secret (null and malformed values do not). */
    public boolean verifiesProof(String proof) {
        if (proof == null) {
            return false;
        }
        int dot = proof.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        try {
            byte[] nonce = HexFormat.of().parseHex(proof.substring(0, dot));
            byte[] mac = HexFormat.of().parseHex(proof.substring(dot + 1));
            return nonce.length == NONCE_BYTES && MessageDigest.isEqual(hmac(nonce), mac);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The CA every node derives from the secret (the same key and name on every node). */
    public X509Certificate caCertificate() {
        return certificate(CA_NAME, caKeys.getPublic(), BigInteger.ONE, CA_NOT_BEFORE, CA_NOT_AFTER, true);
    }

    /** A new certificate for this node: a fresh EC key, signed by the derived CA, for both TLS client and server. */
    public KeyStore nodeKeyStore(String nodeName, char[] password) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(CURVE), random);
            KeyPair nodeKeys = generator.generateKeyPair();
            Instant now = Instant.now();
            X509Certificate node = certificate(new X500Name("CN=" + nodeName.replaceAll("[^A-Za-z0-9._-]", "_")),
                    nodeKeys.getPublic(), new BigInteger(127, random).add(BigInteger.TWO),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(NODE_CERTIFICATE_VALIDITY)), false);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("node", nodeKeys.getPrivate(), password, new Certificate[] {node, caCertificate()});
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create this node's cluster certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Event-bus options for TLS between nodes: this node's certificate, trust in the derived CA only, and client
     * authentication required, laid over {@code base}.
     */
    public EventBusOptions tls(EventBusOptions base, String nodeName) {
        char[] password = HexFormat.of().formatHex(hkdf(proofKey, "keystore password " + nodeName, 16)).toCharArray();
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("strata-cluster-ca", caCertificate());
            return new EventBusOptions(base)
                    .setSsl(true)
                    .setClientAuth(ClientAuth.REQUIRED)
                    // PfxOptions rather than KeyStoreOptions: the clustered event bus copies these options through
                    // JSON, which carries only the typed store options
                    .setKeyCertOptions(new PfxOptions().setPassword(new String(password))
                            .setValue(serialized(nodeKeyStore(nodeName, password), password)))
                    .setTrustOptions(new PfxOptions().setPassword(new String(password))
                            .setValue(serialized(trust, password)));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the cluster trust store: " + e.getMessage(), e);
        }
    }

    private X509Certificate certificate(X500Name subject, PublicKey key, BigInteger serial, Date notBefore,
                                        Date notAfter, boolean authority) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(CA_NAME, serial, notBefore, notAfter,
                    subject, key);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
            if (authority) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            }
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate()));
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a cluster certificate: " + e.getMessage(), e);
        }
    }

    /** An EC P-256 key pair whose private scalar is taken from the seed, so every node derives the same one. */
    private static KeyPair derivedCaKeys(byte[] seed) {
        X9ECParameters curve = ECNamedCurveTable.getByName(CURVE);
        BigInteger order = curve.getN();
        BigInteger scalar = new BigInteger(1, seed).mod(order.subtract(BigInteger.ONE)).add(BigInteger.ONE);
        ECPoint point = curve.getG().multiply(scalar).normalize();
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(CURVE));
            ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
            KeyFactory factory = KeyFactory.getInstance("EC");
            PrivateKey privateKey = factory.generatePrivate(new ECPrivateKeySpec(scalar, spec));
            PublicKey publicKey = factory.generatePublic(new ECPublicKeySpec(new java.security.spec.ECPoint(
                    point.getAffineXCoord().toBigInteger(), point.getAffineYCoord().toBigInteger()), spec));
            return new KeyPair(publicKey, privateKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the cluster CA key: " + e.getMessage(), e);
        }
    }

    private byte[] hmac(byte[] nonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(proofKey, "HmacSHA256"));
            return mac.doFinal(nonce);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static byte[] hkdf(byte[] ikm, String info, int length) {
        HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
        generator.init(new HKDFParameters(ikm, "strata-cluster".getBytes(StandardCharsets.US_ASCII),
                info.getBytes(StandardCharsets.UTF_8)));
        byte[] out = new byte[length];
        generator.generateBytes(out, 0, length);
        return out;
    }

    private static Buffer serialized(KeyStore store, char[] password) throws GeneralSecurityException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, password);
        return Buffer.buffer(out.toByteArray());
    }
}
