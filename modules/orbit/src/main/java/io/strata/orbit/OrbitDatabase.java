package io.strata.orbit;

import io.strata.crdt.log.EntryFetcher;
import io.strata.crdt.log.LogEntry;
import io.strata.crdt.log.OperationLog;
import io.strata.multiformats.Cid;
import io.strata.orbit.store.CounterStore;
import io.strata.orbit.store.DocumentsStore;
import io.strata.orbit.store.EventsStore;
import io.strata.orbit.store.KeyValueStore;
import io.strata.orbit.store.OrbitStore;
import io.strata.orbit.store.StoreType;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import static io.strata.orbit.OrbitException.Code.MANIFEST_MALFORMED;

/**
 * One replica of an OrbitDB database: its manifest, its store (chosen by the manifest's type) behind an
 * {@link EntryAuthenticator} for the manifest's write list, and what replication needs: the heads to
 * announce, joining heads announced by peers, and whether this replica holds every head peers announced
 * ({@link #synced()}). Pure and single-threaded; the verticle drives it and does the I/O.
 */
public final class OrbitDatabase {

    private final DatabaseManifest manifest;
    private final OrbitAddress address;
    private final AccessControllerManifest access;
    private final OrbitStore store;
    private final Map<String, Set<Cid>> announcedHeads = new HashMap<>();

    private OrbitDatabase(DatabaseManifest manifest, AccessControllerManifest access, OrbitStore store) {
        this.manifest = manifest;
        this.address = manifest.address();
        this.access = access;
        this.store = store;
    }

    /**
     * @param indexBy       the documents store's key field (ignored by other types)
     * @param indexedFields the documents store's fields with a query index (ignored by other types)
     * @throws OrbitException {@code MANIFEST_MALFORMED} for a type we do not know, or an access controller
     *                        manifest other than the one the database manifest names
     */
    public static OrbitDatabase open(DatabaseManifest manifest, AccessControllerManifest access, OrbitIdentity self,
                                     IdentityResolver identities, String indexBy,
                                     Collection<String> indexedFields) {
        if (!AccessControllerManifest.cidOf(manifest.accessController()).equals(access.toBlock().cid())) {
            throw new OrbitException(MANIFEST_MALFORMED, "the access controller " + access.address()
                    + " is not the one the manifest names, " + manifest.accessController());
        }
        StoreType type = StoreType.fromManifestName(manifest.type()).orElseThrow(() -> new OrbitException(
                MANIFEST_MALFORMED, "unknown database type '" + manifest.type() + "'"));
        OperationLog log = new OperationLog(manifest.address().toString(), self.clockId(),
                new EntryAuthenticator(identities, access));
        OrbitStore store = switch (type) {
            case EVENTS -> new EventsStore(log, self);
            case KEYVALUE -> new KeyValueStore(log, self);
            case DOCUMENTS -> new DocumentsStore(log, self, Objects.requireNonNull(indexBy, "indexBy"), indexedFields);
            case COUNTER -> new CounterStore(log, self);
        };
        return new OrbitDatabase(manifest, access, store);
    }

    public DatabaseManifest manifest() {
        return manifest;
    }

    public OrbitAddress address() {
        return address;
    }

    public AccessControllerManifest access() {
        return access;
    }

    public OrbitStore store() {
        return store;
    }

    /** The heads to announce to peers, latest first. */
    public List<LogEntry> heads() {
        return store.log().heads();
    }

    /**
     * Joins heads a peer announced, fetching what they reference, and remembers them as that peer's latest
     * announcement.
     *
     * @return the entries new here, oldest first
     * @throws io.strata.crdt.CrdtException when an entry is refused, malformed or cannot be fetched; the
     *                                      announcement is still remembered, so the replica is not synced
     */
    public List<LogEntry> receive(String peer, Collection<LogEntry> heads, EntryFetcher fetcher) {
        announcedHeads.put(peer, heads.stream().map(LogEntry::cid).collect(Collectors.toSet()));
        return store.join(heads, fetcher);
    }

    /** Forgets a peer that left, so its last announcement no longer counts towards {@link #synced()}. */
    public void forget(String peer) {
        announcedHeads.remove(peer);
    }

    /** True when this replica holds every head its peers last announced: it has caught up with all of them. */
    public boolean synced() {
        return announcedHeads.values().stream().flatMap(Set::stream).allMatch(store.log()::has);
    }
}
