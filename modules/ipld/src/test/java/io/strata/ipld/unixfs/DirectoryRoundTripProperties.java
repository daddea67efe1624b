package io.strata.ipld.unixfs;

import io.strata.multiformats.Cid;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DirectoryRoundTripProperties {

    @Property(tries = 40)
    void everyEntryListsAndResolvesInPlainAndShardedForm(
            @ForAll @Size(min = 0, max = 600) Set<@From("entryNames") String> names) {
        for (int threshold : new int[] {1, ImportOptions.DEFAULT_HAMT_SHARD_THRESHOLD}) {
            MemoryBlocks blocks = new MemoryBlocks();
            DirectoryBuilder builder = new DirectoryBuilder(
                    ImportOptions.defaults().withCidVersion(1).withHamtShardThreshold(threshold), blocks);
            Map<String, ImportedNode> expected = new HashMap<>();
            for (String name : names) {
                ImportedNode file = blocks.rawFile(name + " content");
                expected.put(name, file);
                builder.add(name, file);
            }
            ImportedNode directory = builder.build();

            Map<String, Cid> listed = new DirectoryLister(blocks).stream(directory.cid())
                    .collect(Collectors.toMap(DirectoryEntry::name, DirectoryEntry::cid));
            assertEquals(expected.keySet(), listed.keySet());
            PathResolver resolver = new PathResolver(blocks);
            expected.forEach((name, file) -> {
                assertEquals(file.cid(), listed.get(name));
                assertEquals(file.cid(), resolver.resolve(directory.cid(), List.of(name)));
            });
        }
    }

    @Provide
    Arbitrary<String> entryNames() {
        return Arbitraries.strings()
                .withCharRange(' ', '~')
                .withCharRange('\u00a0', '\u024f')
                .withChars('\u6f22', '\u5b57')
                .ofMinLength(1).ofMaxLength(24)
                .filter(name -> name.indexOf('/') < 0 && !name.equals(".") && !name.equals(".."));
    }
}
