package io.meridian.crypto;

import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The cluster's own certificate authority and the certificates of its nodes, for the mutual TLS of the event bus
 * between nodes (docs/cluster.md). {@code bin/meridian cluster-init} makes the authority once ({@code ca.crt},
 * {@code ca.key}: EC P-256, ten years); {@code bin/meridian cluster-add-node NAME HOST…} issues a node's key and
 * certificate under it (two years, the hosts as subject alternative names, for server and client use) into
 * {@code nodes/NAME/}, with a copy of {@code ca.crt}: the folder an admin copies to that node. Only a node holding a
 * certificate of this authority can exchange events with the others. Keys are written owner-only.
 */
public final class ClusterCertificates {

    public static final String CA_CERT = "ca.crt";
    public static final String CA_KEY = "ca.key";
    public static final String NODE_CERT = "node.crt";
    public static final String NODE_KEY = "node.key";
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    static final Duration NODE_VALIDITY = Duration.ofDays(730);
    private static final Duration CLOCK_SKEW = Duration.ofHours(1);
    private static final Pattern NODE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private ClusterCertificates() {
    }

    /** Makes the authority in {@code dir}; refuses to replace one (every node's certificate hangs on it). */
    public static void initAuthority(Path dir, String clusterName) throws IOException {
        Path cert = dir.resolve(CA_CERT);
        if (Files.exists(cert) || Files.exists(dir.resolve(CA_KEY))) {
            throw new IllegalStateException(dir + " already holds a cluster authority; keep it (every node's "
                    + "certificate is signed by it) or move it away to start a new cluster");
        }
        try {
            KeyPair pair = keyPair();
            X500Name subject = name("Meridian cluster authority " + clusterName);
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(CA_VALIDITY)), subject, pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate certificate = signed(builder, pair.getPrivate());
            KeyFiles.writeSecret(dir.resolve(CA_KEY), SelfSignedCertificate.pem(new JcaPKCS8Generator(pair.getPrivate(), null)));
            KeyFiles.writePublic(cert, SelfSignedCertificate.pem(certificate));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot make the cluster authority", e);
        }
    }

    /**
     * Issues node {@code name}'s key and certificate, valid for {@code hosts} (names or IP addresses the other nodes
     * reach it at), into {@code dir/nodes/name/} with a copy of the authority's certificate; returns that folder.
     */
    public static Path issueNode(Path dir, String name, List<String> hosts) throws IOException {
        if (!NODE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a node name is 1-63 of a-z 0-9 -, starting with a letter or digit: '"
                    + name + "'");
        }
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("give the host name or address other nodes reach " + name + " at");
        }
        Path out = dir.resolve("nodes").resolve(name);
        if (Files.exists(out.resolve(NODE_CERT))) {
            throw new IllegalStateException(out + " already holds a certificate for " + name);
        }
        try {
            X509CertificateHolder authority = readCertificate(dir.resolve(CA_CERT));
            PrivateKey authorityKey = readKey(dir.resolve(CA_KEY));
            KeyPair pair = keyPair();
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(authority.getSubject(), serial(),
                    Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(NODE_VALIDITY)),
                    name("Meridian node " + name), pair.getPublic());
            List<GeneralName> names = new ArrayList<>();
            for (String host : hosts) {
                names.add(isAddress(host) ? new GeneralName(GeneralName.iPAddress, host)
                        : new GeneralName(GeneralName.dNSName, host));
            }
            builder.addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(names.toArray(GeneralName[]::new)))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            X509Certificate certificate = signed(builder, authorityKey);
            KeyFiles.writeSecret(out.resolve(NODE_KEY), SelfSignedCertificate.pem(new JcaPKCS8Generator(pair.getPrivate(), null)));
            KeyFiles.writePublic(out.resolve(NODE_CERT), SelfSignedCertificate.pem(certificate));
            KeyFiles.writePublic(out.resolve(CA_CERT), Files.readAllBytes(dir.resolve(CA_CERT)));
            return out;
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot issue the certificate of node " + name, e);
        }
    }

    /** Whether {@code host} is an IP literal (a name is never resolved here); a host that is neither is refused. */
    private static boolean isAddress(String host) {
        if (host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || host.matches("[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*")) {
            return true;
        }
        if (host.matches("(?i)[a-z0-9]([a-z0-9-]{0,62})(\\.[a-z0-9]([a-z0-9-]{0,62}))*")) {
            return false;
        }
        throw new IllegalArgumentException("'" + host + "' is neither an IP address (10.0.1.5, fd00::1, without "
                + "brackets or port) nor a host name");
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", Crypto.provider());
        generator.initialize(new ECGenParameterSpec("secp256r1"), Crypto.random());
        return generator.generateKeyPair();
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).addRDN(BCStyle.O, "Meridian")
                .build();
    }

    private static BigInteger serial() {
        return new BigInteger(127, Crypto.random()).setBit(0);
    }

    private static X509Certificate signed(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException, OperatorCreationException {
        return new JcaX509CertificateConverter().setProvider(Crypto.provider()).getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Crypto.provider()).build(key)));
    }

    private static X509CertificateHolder readCertificate(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(in)) {
            if (parser.readObject() instanceof X509CertificateHolder holder) {
                return holder;
            }
            throw new IOException(file + " holds no certificate");
        }
    }

    private static PrivateKey readKey(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(in)) {
            if (parser.readObject() instanceof PrivateKeyInfo info) {
                return new JcaPEMKeyConverter().setProvider(Crypto.provider()).getPrivateKey(info);
            }
            throw new IOException(file + " holds no private key");
        }
    }
}
