package io.strata.blockstore;

import java.io.IOException;
import java.nio.file.Path;

/** Run in a separate JVM by {@link RocksBlockStoreTest}: opens a repository and holds it until stdin closes. */
public final class RepoHolder {

    private RepoHolder() {
    }

    public static void main(String[] args) throws IOException {
        try (RocksBlockStore store = RocksBlockStore.open(Path.of(args[0]), RocksBlockStore.Options.defaults())) {
            System.out.println("open " + store.directory());
            System.out.flush();
            while (System.in.read() >= 0) {
                Thread.onSpinWait();
            }
        }
    }
}
