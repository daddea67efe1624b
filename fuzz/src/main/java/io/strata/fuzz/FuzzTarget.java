package io.strata.fuzz;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Every parser that reads bytes from outside the node, with the fuzzer class Jazzer drives and its seeds.
 * The property all share: a parser returns a value or throws its module's documented exception, never another
 * exception, and never hangs.
 */
public enum FuzzTarget {
    DAG_PB("dag-pb", DagPbFuzzer.class, DagPbFuzzer::fuzzerTestOneInput, fixtures -> FuzzSeeds.dagPb()),
    DAG_CBOR("dag-cbor", DagCborFuzzer.class, DagCborFuzzer::fuzzerTestOneInput, FuzzSeeds::dagCbor),
    CAR("car", CarFuzzer.class, CarFuzzer::fuzzerTestOneInput, FuzzSeeds::car),
    BITSWAP_MESSAGE("bitswap-message", BitswapMessageFuzzer.class, BitswapMessageFuzzer::fuzzerTestOneInput,
            fixtures -> FuzzSeeds.bitswapMessages()),
    KADEMLIA_MESSAGE("kademlia-message", KademliaMessageFuzzer.class, KademliaMessageFuzzer::fuzzerTestOneInput,
            fixtures -> FuzzSeeds.kademliaMessages()),
    IPNS_RECORD("ipns-record", IpnsRecordFuzzer.class, IpnsRecordFuzzer::fuzzerTestOneInput,
            fixtures -> FuzzSeeds.ipnsRecords()),
    MULTIPART("multipart", MultipartFuzzer.class, MultipartFuzzer::fuzzerTestOneInput,
            fixtures -> FuzzSeeds.multipartBodies());

    private final String id;
    private final Class<?> fuzzerClass;
    private final Consumer<byte[]> fuzzer;
    private final Function<Path, List<byte[]>> seeds;

    FuzzTarget(String id, Class<?> fuzzerClass, Consumer<byte[]> fuzzer, Function<Path, List<byte[]>> seeds) {
        this.id = id;
        this.fuzzerClass = fuzzerClass;
        this.fuzzer = fuzzer;
        this.seeds = seeds;
    }

    /** The directory name of this target's corpus, crashes and regression inputs. */
    public String id() {
        return id;
    }

    /** The class with the static {@code fuzzerTestOneInput(byte[])} Jazzer calls. */
    public Class<?> fuzzerClass() {
        return fuzzerClass;
    }

    /** Runs one input through the parser; anything thrown is a finding. */
    public void run(byte[] input) {
        fuzzer.accept(input);
    }

    /** Seeds, given the ipld module's test resources (codec and CAR fixtures). */
    public List<byte[]> seeds(Path ipldTestResources) {
        return seeds.apply(ipldTestResources);
    }
}
