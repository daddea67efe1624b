package io.strata.ipns.verticle;

import io.strata.ipns.IpnsName;
import io.strata.multiformats.Multibase;
import io.strata.multiformats.MultiformatException;
import io.strata.multiformats.PeerId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The node's own copy of IPNS records, one file per name ({@code <peer id in base32>.ipns}, the serialized
 * IpnsEntry): the records it published (so that it can republish them and keep sequence numbers growing after a
 * restart) and the ones handed to it through the routing API. Its methods block on the file system.
 */
final class LocalRecordStore {

    private static final String SUFFIX = ".ipns";

    private final Path directory;

    LocalRecordStore(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the IPNS record directory " + directory, e);
        }
    }

    Optional<byte[]> get(IpnsName name) {
        try {
            return Optional.of(Files.readAllBytes(fileOf(name)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the IPNS record of " + name, e);
        }
    }

    void put(IpnsName name, byte[] record) {
        Path file = fileOf(name);
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(temporary, record);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the IPNS record of " + name, e);
        }
    }

    List<IpnsName> names() {
        List<IpnsName> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                String encoded = file.getFileName().toString();
                try {
                    names.add(IpnsName.of(PeerId.fromBytes(Multibase.BASE32.decodeRaw(encoded.substring(0, encoded.length() - SUFFIX.length())))));
                } catch (MultiformatException e) {
                    // a file someone else put there; not a record of ours
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the IPNS records in " + directory, e);
        }
        return names;
    }

    private Path fileOf(IpnsName name) {
        return directory.resolve(Multibase.BASE32.encodeRaw(name.peerId().bytes()) + SUFFIX);
    }
}
