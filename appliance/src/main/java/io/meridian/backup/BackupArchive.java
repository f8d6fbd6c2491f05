package io.meridian.backup;

import io.meridian.crypto.Crypto;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.crypto.SecretKey;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedDataParser;
import org.bouncycastle.cms.CMSAuthEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.KEKRecipientId;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKEKAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKEKRecipientInfoGenerator;
import org.bouncycastle.operator.OutputAEADEncryptor;

/**
 * The archive format: a ZIP of the database copy (and a {@code backup.json} describing it) inside a CMS
 * AuthEnvelopedData (RFC 5083, a standard any CMS tool reads) with AES-256-GCM content encryption, whose content key
 * is wrapped (AES key wrap) under the node's master key, named by the key id {@value #KEY_ID}. Written and read as
 * streams: a large database never sits in memory. The GCM tag covers the whole archive, so a changed or cut archive
 * is refused at its end, before anything it held is put in place. Blocking.
 */
final class BackupArchive {

    static final String KEY_ID = "meridian-master-key";
    static final String DESCRIPTION = "backup.json";
    private static final int BUFFER = 64 * 1024;

    private BackupArchive() {
    }

    /** Writes {@code description} and every file under {@code root} (as {@code prefix/…}) to {@code out}. */
    static void write(OutputStream out, SecretKey masterKey, String description, Path root, String prefix)
            throws IOException {
        CMSAuthEnvelopedDataStreamGenerator generator = new CMSAuthEnvelopedDataStreamGenerator();
        generator.setBufferSize(BUFFER);
        generator.addRecipientInfoGenerator(new JceKEKRecipientInfoGenerator(keyId(), masterKey)
                .setProvider(Crypto.provider()));
        try {
            OutputAEADEncryptor encryptor = (OutputAEADEncryptor) new JceCMSContentEncryptorBuilder(
                    CMSAlgorithm.AES256_GCM).setProvider(Crypto.provider()).build();
            // One close only: closing the sealed stream twice would write its ending (the tag) twice.
            try (ZipOutputStream zip = new ZipOutputStream(generator.open(out, encryptor))) {
                zip.putNextEntry(new ZipEntry(DESCRIPTION));
                zip.write(description.getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                List<Path> files;
                try (Stream<Path> walk = Files.walk(root)) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path file : files) {
                    zip.putNextEntry(new ZipEntry(prefix + "/" + root.relativize(file).toString().replace('\\', '/')));
                    Files.copy(file, zip);
                    zip.closeEntry();
                }
            }
        } catch (CMSException e) {
            throw new IOException("Cannot encrypt the backup archive: " + e.getMessage(), e);
        }
    }

    /**
     * Unpacks the archive into {@code target} (which must be empty) and returns its description. Fails with a
     * clear message when the archive was made with another master key, is damaged or cut short, or names a path
     * outside {@code target}; {@code target} may then hold part of it: the caller deletes it.
     */
    static String read(InputStream in, SecretKey masterKey, Path target) throws IOException {
        String description = null;
        try {
            CMSAuthEnvelopedDataParser parser = new CMSAuthEnvelopedDataParser(new BufferedInputStream(in, BUFFER));
            RecipientInformation recipient = parser.getRecipientInfos().get(new KEKRecipientId(keyId()));
            if (recipient == null) {
                throw new RefusedArchive("This archive is not a Meridian backup, or not one made with a master key");
            }
            InputStream content = recipient.getContentStream(new JceKEKAuthEnvelopedRecipient(masterKey)
                    .setProvider(Crypto.provider())).getContentStream();
            Path root = target.toAbsolutePath().normalize();
            ZipInputStream zip = new ZipInputStream(content);
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                if (entry.getName().equals(DESCRIPTION)) {
                    description = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                    continue;
                }
                Path file = root.resolve(entry.getName()).normalize();
                if (!file.startsWith(root) || entry.isDirectory()) {
                    throw new RefusedArchive("The archive names a path outside its place: " + entry.getName());
                }
                Files.createDirectories(file.getParent());
                Files.copy(zip, file);
            }
            // The tag is checked once the content stream is read to its end.
            content.transferTo(OutputStream.nullOutputStream());
        } catch (CMSException e) {
            throw new IOException("Cannot open the backup archive with this node's master key (made by another "
                    + "node, or damaged): " + e.getMessage(), e);
        } catch (RefusedArchive e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("The backup archive is damaged or incomplete: " + e.getMessage(), e);
        }
        if (description == null) {
            throw new RefusedArchive("The backup archive has no " + DESCRIPTION + ": not a Meridian backup");
        }
        return description;
    }

    /** An archive that decrypted but is not what a restore may put in place. */
    static final class RefusedArchive extends IOException {
        RefusedArchive(String message) {
            super(message);
        }
    }

    private static byte[] keyId() {
        return KEY_ID.getBytes(StandardCharsets.US_ASCII);
    }
}
