package io.meridian.crypto;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
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
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObjectGenerator;

/**
 * Generates the TLS certificate a node uses until the admin configures their own: an EC P-256 key and a
 * self-signed X.509 v3 server certificate with the given DNS names and IP addresses as SubjectAltNames, valid for
 * 825 days (the longest browsers accepted for server certificates). Both files are PEM; the key is unencrypted
 * PKCS#8 ("PRIVATE KEY") in an owner-only file, which Vert.x's {@code PemKeyCertOptions} reads directly.
 */
public final class SelfSignedCertificate {

    public static final Duration VALIDITY = Duration.ofDays(825);
    // Backdated a little so a client whose clock runs slightly behind still accepts a brand-new certificate.
    private static final Duration CLOCK_SKEW = Duration.ofHours(1);

    private SelfSignedCertificate() {
    }

    /** Writes a new key pair and certificate to {@code certPem} and {@code keyPem} (blocking; creates directories). */
    public static void generate(Path certPem, Path keyPem, String commonName, List<String> dnsNames,
            List<String> ipAddresses) throws IOException {
        Objects.requireNonNull(certPem, "certPem");
        Objects.requireNonNull(keyPem, "keyPem");
        Objects.requireNonNull(commonName, "commonName");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", Crypto.provider());
            generator.initialize(new ECGenParameterSpec("secp256r1"), Crypto.random());
            KeyPair pair = generator.generateKeyPair();
            X509Certificate certificate = certificate(pair, commonName, dnsNames, ipAddresses);
            KeyFiles.writeSecret(keyPem, pem(new JcaPKCS8Generator(pair.getPrivate(), null)));
            KeyFiles.writePublic(certPem, pem(certificate));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot generate a self-signed certificate", e);
        }
    }

    private static X509Certificate certificate(KeyPair pair, String commonName, List<String> dnsNames,
            List<String> ipAddresses) throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, commonName)
                .addRDN(BCStyle.O, "Meridian")
                .build();
        Instant now = Instant.now();
        // A random positive serial of 127 bits: unique without bookkeeping, and within the 20-byte limit.
        BigInteger serial = new BigInteger(127, Crypto.random()).setBit(0);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial,
                Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        List<GeneralName> names = new ArrayList<>();
        dnsNames.forEach(name -> names.add(new GeneralName(GeneralName.dNSName, name)));
        ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        if (!names.isEmpty()) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(GeneralName[]::new)));
        }
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectKeyIdentifier, false,
                        extensions.createSubjectKeyIdentifier(pair.getPublic()));
        return new JcaX509CertificateConverter().setProvider(Crypto.provider()).getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Crypto.provider())
                        .build(pair.getPrivate())));
    }

    static byte[] pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            if (object instanceof PemObjectGenerator generator) {
                writer.writeObject(generator);
            } else {
                writer.writeObject(object);
            }
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
