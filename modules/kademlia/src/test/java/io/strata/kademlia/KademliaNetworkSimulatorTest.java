package io.strata.kademlia;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KademliaNetworkSimulatorTest {

    private static KademliaNetworkSimulator simulator;

    @BeforeAll
    static void buildNetwork() {
        simulator = new KademliaNetworkSimulator(7, KademliaConfig.DEFAULT);
        simulator.join(1_000, 3);
        simulator.refreshAll();
    }

    @Test
    void lookupsFindTheClosestPeersInFewHops() {
        KademliaNetworkSimulator.LookupStats stats = simulator.measureLookups(200);
        assertTrue(stats.averageHops() <= 5, "average hops " + stats.averageHops());
        assertTrue(stats.accuracy() >= 0.95, "share of the true closest found " + stats.accuracy());
    }

    @Test
    void recordsSurviveTheLossOfAFifthOfTheNodes() {
        KademliaNetworkSimulator network = new KademliaNetworkSimulator(11, KademliaConfig.DEFAULT);
        network.join(1_000, 3);
        network.refreshAll();
        List<KademliaNetworkSimulator.Publication> providers = network.publishProviders(200);
        List<KademliaNetworkSimulator.Publication> values = network.publishValues(200);
        network.removeFraction(0.2);
        assertEquals(800, network.size());
        KademliaNetworkSimulator.RetrievalStats providerStats = network.retrieveProviders(providers);
        KademliaNetworkSimulator.RetrievalStats valueStats = network.retrieveValues(values);
        assertTrue(providerStats.successRate() >= 0.99, "providers found " + providerStats.successRate());
        assertTrue(valueStats.successRate() >= 0.99, "values found " + valueStats.successRate());
        assertTrue(providerStats.averageHops() <= 5, "provider hops " + providerStats.averageHops());
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        assertEquals(smallRun(3), smallRun(3));
    }

    private static KademliaNetworkSimulator.LookupStats smallRun(long seed) {
        KademliaNetworkSimulator network = new KademliaNetworkSimulator(seed, KademliaConfig.DEFAULT);
        network.join(300, 3);
        network.removeFraction(0.1);
        return network.measureLookups(50);
    }
}
