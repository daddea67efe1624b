package io.strata.kademlia;

import io.strata.multiformats.Multihash;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

/**
 * Thousands of Kademlia nodes in one process, exchanging FIND_NODE, GET_PROVIDERS, ADD_PROVIDER,
 * GET_VALUE and PUT_VALUE synchronously through the same lookup state machines a real node uses.
 * Everything random comes from one seeded {@link Random}, so a run is reproducible.
 *
 * <p>Nodes join one at a time through a few random earlier nodes and run a lookup of their own
 * key, as libp2p nodes bootstrap; a queried node adds the querier to its table, which is how early
 * nodes learn about later ones. Removed nodes stop answering; a querier drops a peer from its
 * routing table when a query to it fails.
 */
public final class KademliaNetworkSimulator {

    /** Hop and cost figures of a set of lookups; accuracy is the share of the true k closest found. */
    public record LookupStats(int lookups, double averageHops, int maxHops, double averageQueries,
                              double averageRounds, double accuracy) {
    }

    public record RetrievalStats(int attempts, int successes, double averageHops, int maxHops) {
        public double successRate() {
            return attempts == 0 ? 0 : (double) successes / attempts;
        }
    }

    /** A published record: the DHT key bytes and who published it. */
    public record Publication(byte[] key, KademliaPeer publisher) {
    }

    private static final class SimulatedNode {
        final KademliaPeer peer;
        final KademliaRoutingTable table;
        final ProviderStore providers;
        final ValueStore values;

        SimulatedNode(KademliaPeer peer, KademliaConfig config, RecordValidator validator) {
            this.peer = peer;
            this.table = new KademliaRoutingTable(peer.key(), config.bucketSize());
            this.providers = new ProviderStore(config.providerRecordTtl());
            this.values = new ValueStore(validator);
        }
    }

    @FunctionalInterface
    private interface Responder {
        void respond(SimulatedNode server, KademliaPeer requester);
    }

    /** Accepts any non-empty value and prefers the greatest, as a sequence-numbered record would. */
    public static final RecordValidator GREATEST_VALUE_WINS = new RecordValidator() {
        @Override
        public void validate(byte[] key, byte[] value) {
            if (value.length == 0) {
                throw new KademliaException(KademliaException.Code.INVALID_RECORD, "empty value");
            }
        }

        @Override
        public int select(byte[] key, List<byte[]> values) {
            int best = 0;
            for (int i = 1; i < values.size(); i++) {
                if (Arrays.compareUnsigned(values.get(i), values.get(best)) > 0) {
                    best = i;
                }
            }
            return best;
        }
    };

    /** Records are published and fetched at one simulated instant: expiry is not what is measured. */
    private static final long NOW_MILLIS = 0;

    private final KademliaConfig config;
    private final Random random;
    private final Map<KademliaPeer, SimulatedNode> live = new HashMap<>();
    private final List<SimulatedNode> liveList = new ArrayList<>();

    public KademliaNetworkSimulator(long seed, KademliaConfig config) {
        this.config = config;
        this.random = new Random(seed);
    }

    public int size() {
        return liveList.size();
    }

    /** Adds {@code count} nodes, each bootstrapping from {@code bootstrapPeers} random earlier nodes. */
    public void join(int count, int bootstrapPeers) {
        for (int i = 0; i < count; i++) {
            SimulatedNode node = new SimulatedNode(randomPeer(), config, GREATEST_VALUE_WINS);
            for (int j = 0; j < Math.min(bootstrapPeers, liveList.size()); j++) {
                node.table.seen(liveList.get(random.nextInt(liveList.size())).peer);
            }
            live.put(node.peer, node);
            liveList.add(node);
            findNode(node, node.peer.key());
        }
    }

    /** Every node looks up one random key, as a periodic routing table refresh does. */
    public void refreshAll() {
        for (SimulatedNode node : List.copyOf(liveList)) {
            findNode(node, randomKey());
        }
    }

    /** Removes a random {@code fraction} of the nodes without telling anyone. */
    public void removeFraction(double fraction) {
        int toRemove = (int) Math.round(liveList.size() * fraction);
        Collections.shuffle(liveList, random);
        for (SimulatedNode gone : liveList.subList(0, toRemove)) {
            live.remove(gone.peer);
        }
        liveList.subList(0, toRemove).clear();
    }

    /** FIND_NODE lookups of random keys from random nodes, compared with the true closest nodes. */
    public LookupStats measureLookups(int count) {
        long hops = 0;
        long queries = 0;
        long rounds = 0;
        long found = 0;
        long expected = 0;
        int maxHops = 0;
        for (int i = 0; i < count; i++) {
            KademliaKey target = randomKey();
            SimulatedNode origin = randomLiveNode();
            IterativeLookup lookup = new IterativeLookup(origin.peer, target,
                    origin.table.closest(target, config.bucketSize()), config);
            rounds += run(origin, lookup, (server, requester) ->
                    lookup.onResponse(server.peer, closerPeers(server, requester, target)));
            hops += lookup.hops();
            maxHops = Math.max(maxHops, lookup.hops());
            queries += lookup.queriesSent();
            Set<KademliaPeer> truth = new HashSet<>(trueClosest(target, origin.peer));
            expected += truth.size();
            found += lookup.closestPeers().stream().filter(truth::contains).count();
        }
        return new LookupStats(count, (double) hops / count, maxHops, (double) queries / count,
                (double) rounds / count, (double) found / expected);
    }

    /** Each of {@code count} random nodes provides a random multihash: ADD_PROVIDER to the k closest found. */
    public List<Publication> publishProviders(int count) {
        List<Publication> publications = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            SimulatedNode publisher = randomLiveNode();
            Multihash content = Multihash.sha256(randomBytes(32));
            KademliaKey key = KademliaKey.ofMultihash(content);
            for (KademliaPeer holder : findNode(publisher, key).closestPeers()) {
                live.get(holder).providers.addProvider(key, publisher.peer, NOW_MILLIS);
            }
            publications.add(new Publication(content.bytes(), publisher.peer));
        }
        return publications;
    }

    /** Each of {@code count} random nodes puts a value under a random key on the k closest found. */
    public List<Publication> publishValues(int count) {
        List<Publication> publications = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            SimulatedNode publisher = randomLiveNode();
            byte[] recordKey = randomBytes(32);
            for (KademliaPeer holder : findNode(publisher, KademliaKey.ofKey(recordKey)).closestPeers()) {
                live.get(holder).values.put(recordKey, publisher.peer.id(), NOW_MILLIS);
            }
            publications.add(new Publication(recordKey, publisher.peer));
        }
        return publications;
    }

    /** GET_PROVIDERS from random nodes; success means the publisher was found as a provider. */
    public RetrievalStats retrieveProviders(List<Publication> publications) {
        int successes = 0;
        long hops = 0;
        int maxHops = 0;
        for (Publication publication : publications) {
            KademliaKey key = KademliaKey.ofMultihash(Multihash.fromBytes(publication.key()));
            SimulatedNode origin = randomLiveNode();
            ProviderLookup lookup = new ProviderLookup(origin.peer, key,
                    origin.table.closest(key, config.bucketSize()), config, 1);
            run(origin, lookup, (server, requester) -> lookup.onResponse(server.peer,
                    closerPeers(server, requester, key), server.providers.providers(key, NOW_MILLIS)));
            if (lookup.providers().contains(publication.publisher())) {
                successes++;
                hops += lookup.hops();
                maxHops = Math.max(maxHops, lookup.hops());
            }
        }
        return new RetrievalStats(publications.size(), successes,
                successes == 0 ? 0 : (double) hops / successes, maxHops);
    }

    /** GET_VALUE from random nodes; success means the published value was returned. */
    public RetrievalStats retrieveValues(List<Publication> publications) {
        int successes = 0;
        long hops = 0;
        int maxHops = 0;
        for (Publication publication : publications) {
            byte[] recordKey = publication.key();
            KademliaKey key = KademliaKey.ofKey(recordKey);
            SimulatedNode origin = randomLiveNode();
            ValueLookup lookup = new ValueLookup(origin.peer, recordKey,
                    origin.table.closest(key, config.bucketSize()), config, GREATEST_VALUE_WINS, 1);
            run(origin, lookup, (server, requester) -> lookup.onResponse(server.peer,
                    closerPeers(server, requester, key),
                    server.values.get(recordKey).map(ValueRecord::value).orElse(null)));
            if (lookup.bestValue().filter(v -> Arrays.equals(v, publication.publisher().id())).isPresent()) {
                successes++;
                hops += lookup.hops();
                maxHops = Math.max(maxHops, lookup.hops());
            }
        }
        return new RetrievalStats(publications.size(), successes,
                successes == 0 ? 0 : (double) hops / successes, maxHops);
    }

    private IterativeLookup findNode(SimulatedNode origin, KademliaKey target) {
        IterativeLookup lookup = new IterativeLookup(origin.peer, target,
                origin.table.closest(target, config.bucketSize()), config);
        run(origin, lookup, (server, requester) ->
                lookup.onResponse(server.peer, closerPeers(server, requester, target)));
        return lookup;
    }

    /** Drives a lookup to the end with synchronous delivery; returns the number of query batches. */
    private int run(SimulatedNode origin, IterativeLookup lookup, Responder responder) {
        int rounds = 0;
        while (!lookup.isFinished()) {
            List<KademliaPeer> batch = lookup.next();
            if (batch.isEmpty()) {
                break;
            }
            rounds++;
            for (KademliaPeer peer : batch) {
                SimulatedNode server = live.get(peer);
                if (server == null) {
                    origin.table.remove(peer);
                    lookup.onFailure(peer);
                } else {
                    origin.table.seen(peer);
                    responder.respond(server, origin.peer);
                }
            }
        }
        return rounds;
    }

    /** The server side of every query: remember the querier, answer with the closest known peers. */
    private List<KademliaPeer> closerPeers(SimulatedNode server, KademliaPeer requester, KademliaKey target) {
        server.table.seen(requester);
        List<KademliaPeer> closest = new ArrayList<>(server.table.closest(target, config.bucketSize() + 1));
        closest.remove(requester);
        return closest.size() > config.bucketSize() ? closest.subList(0, config.bucketSize()) : closest;
    }

    private List<KademliaPeer> trueClosest(KademliaKey target, KademliaPeer excluded) {
        PriorityQueue<KademliaPeer> farthestFirst = new PriorityQueue<>(
                (a, b) -> target.compareDistance(b.key(), a.key()));
        for (SimulatedNode node : liveList) {
            if (!node.peer.equals(excluded)) {
                farthestFirst.add(node.peer);
                if (farthestFirst.size() > config.bucketSize()) {
                    farthestFirst.poll();
                }
            }
        }
        return List.copyOf(farthestFirst);
    }

    private SimulatedNode randomLiveNode() {
        return liveList.get(random.nextInt(liveList.size()));
    }

    private KademliaPeer randomPeer() {
        return KademliaPeer.of(Multihash.sha256(randomBytes(32)).bytes());
    }

    private KademliaKey randomKey() {
        return KademliaKey.fromBytes(randomBytes(KademliaKey.BYTES));
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * Usage: {@code KademliaNetworkSimulator [nodes=10000] [seed=1] [lookups=1000]}. Builds the
     * network, measures random FIND_NODE lookups, publishes provider and value records, removes
     * 20% of the nodes and measures how many records can still be found.
     */
    public static void main(String[] args) {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        int lookups = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        long start = System.nanoTime();
        KademliaNetworkSimulator simulator = new KademliaNetworkSimulator(seed, KademliaConfig.DEFAULT);
        simulator.join(nodes, 3);
        simulator.refreshAll();
        System.out.printf(Locale.ROOT, "network: %d nodes, seed %d, k=%d, alpha=%d (built in %.1f s)%n", nodes,
                seed, KademliaConfig.DEFAULT.bucketSize(), KademliaConfig.DEFAULT.alpha(), seconds(start));
        LookupStats stats = simulator.measureLookups(lookups);
        System.out.printf(Locale.ROOT,
                "FIND_NODE x%d: hops avg %.2f max %d; queries avg %.1f; alpha-batches avg %.1f; "
                        + "true %d closest found %.1f%%%n",
                stats.lookups(), stats.averageHops(), stats.maxHops(), stats.averageQueries(),
                stats.averageRounds(), KademliaConfig.DEFAULT.bucketSize(), stats.accuracy() * 100);
        List<Publication> providers = simulator.publishProviders(lookups);
        List<Publication> values = simulator.publishValues(lookups);
        simulator.removeFraction(0.2);
        RetrievalStats providerStats = simulator.retrieveProviders(providers);
        RetrievalStats valueStats = simulator.retrieveValues(values);
        System.out.printf(Locale.ROOT, "after removing 20%% of nodes (%d left):%n", simulator.size());
        print("GET_PROVIDERS", providerStats);
        print("GET_VALUE", valueStats);
        System.out.printf(Locale.ROOT, "total %.1f s%n", seconds(start));
    }

    private static void print(String name, RetrievalStats stats) {
        System.out.printf(Locale.ROOT, "  %s x%d: found %d (%.2f%%), hops avg %.2f max %d%n", name,
                stats.attempts(), stats.successes(), stats.successRate() * 100, stats.averageHops(),
                stats.maxHops());
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
