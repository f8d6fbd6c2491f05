package io.meridian.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The first admin's one-time password: generated at first start, written to a file only its owner can read,
 * and deleted once the admin has chosen a real password. Blocking file I/O: call from a worker thread.
 */
final class InitialAdminPassword {

    /** 18 random bytes = 144 bits, 24 URL-safe characters: easy to copy, infeasible to guess. */
    private static final int RANDOM_BYTES = 18;
    private static final SecureRandom RANDOM = new SecureRandom();

    private InitialAdminPassword() {
    }

    static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Writes the password as the file's only line, readable and writable by the owner alone (0600). */
    static void write(Path file, String password) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.deleteIfExists(file);
            byte[] content = (password + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                // Created with 0600 from the start: there is no moment in which another user could open it.
                Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
                FileAttribute<Set<PosixFilePermission>> attribute = PosixFilePermissions.asFileAttribute(ownerOnly);
                Files.createFile(file, attribute);
                Files.setPosixFilePermissions(file, ownerOnly);
            } else {
                Files.createFile(file);
            }
            Files.write(file, content, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new UncheckedIOException("another process created " + file + " at the same time", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the initial admin password to " + file, e);
        }
    }

    /** Deletes the file; true if it existed. */
    static boolean delete(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
