package io.strata.ipld.unixfs;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Root CIDs computed by the reference JS importer (ipfs-unixfs-importer 17.1.1) configured as Kubo's
 * {@code ipfs add}: fixed-size chunker, balanced with {@code maxChildrenPerNode} or trickle with
 * {@code layerRepeat: 4}, {@code leafType} file (balanced) or raw (trickle), {@code reduceSingleLeafToSelf}
 * for balanced only. The content is byte {@code i} = {@code (i * 31 + i / 7) & 0xff}; small chunks and
 * fan-outs reach trees several levels deep; sizes around 16 KiB cross the importer's small-file probe.
 */
class UnixFsImporterReferenceCidsTest {

    private static final class ReferenceContent extends InputStream {
        private final long size;
        private long position;

        ReferenceContent(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (position >= size) {
                return -1;
            }
            long i = position++;
            return (int) ((i * 31 + i / 7) & 0xff);
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (position >= size) {
                return -1;
            }
            int count = (int) Math.min(length, size - position);
            for (int k = 0; k < count; k++) {
                long i = position++;
                target[offset + k] = (byte) (i * 31 + i / 7);
            }
            return count;
        }
    }

    @ParameterizedTest(name = "{0} bytes, chunks of {1}, {2} links, {3}, raw leaves {4}, CIDv{5}")
    @CsvSource({
            "16383, 20000, 174, BALANCED, false, 0, QmTH5eUnprvdBUKLUyySidBScmxbWtdSkk5oVWY9J63AMz",
            "16384, 20000, 174, BALANCED, true, 1, bafkreibrmwvo3ca75nmpmk2dcsg2wekid2iswk5btus4pw4lqezbts53o4",
            "16385, 20000, 174, BALANCED, false, 0, QmNZXnSt3wNrjjdpcGDz2XbuEPuLX1i9n1v7emXBzuvEth",
            "20000, 20000, 174, BALANCED, false, 0, QmWq5rU61DVVLun2TCi3GwhvoiBPfgPtBnoZLTUBNv6mhN",
            "20001, 20000, 174, TRICKLE, false, 0, QmdP4crxSyREC3PP9Bq2tztX4nmiLy93SQwt6QQ9LrBaXg",
            "40001, 20000, 174, BALANCED, true, 0, QmdMdLDboz1KMnMC6rTXska3wDVUA71xfbAZfyWxkwpyK6",
            "17, 16, 3, BALANCED, false, 0, QmWak55yhFoA4wrCbWrbKzxFPVKGh2G95Skh9Scjf7V1Uj",
            "17, 16, 3, BALANCED, true, 0, Qme5eLCuTKWZskz8XZE8qWZhgLMoLjPfe6TJN8vbhkFtey",
            "17, 16, 3, BALANCED, true, 1, bafybeihj4lnawyrhqgugt2pf6nt4viwxdet7z6xwpdwi54yped5qwstvuy",
            "17, 16, 3, BALANCED, false, 1, bafybeiftkw3gqfm46ku7stv3ny7ph2coqyrmct36ciyfbn2zxhjdrhwghi",
            "257, 16, 3, BALANCED, false, 0, QmYfwe7StDBdejGVNwL5ExSKSgo9wEcNdFSvsefEMgGwdV",
            "257, 16, 3, BALANCED, true, 0, QmPs8TFgkkrvNx2B9atzZvng8h3K6uEgsUx62kZCp9eUda",
            "257, 16, 3, BALANCED, true, 1, bafybeie63hhcz7abfldn3raissxlr3qx5pnj3uc3w2vqunwao7sxkbnqvq",
            "257, 16, 3, BALANCED, false, 1, bafybeicu33unurg2tk6vffc4igr274zntp5biohhwt6bqlpywxcdo4uszu",
            "2049, 16, 3, BALANCED, false, 0, QmWWmuFnMe8L2F8kNZXyGWwdPxA182Yg4G5LPaPrCWPfJR",
            "2049, 16, 3, BALANCED, true, 0, Qmd6UyyCv9uayAzgCZ8DWjdmbS6NadpoNC23sQ8hoNv3Jv",
            "2049, 16, 3, BALANCED, true, 1, bafybeiemspawj5cv43ps5tllxjtof4huk2d3lvt7ejyzd5ridcpl67ecp4",
            "2049, 16, 3, BALANCED, false, 1, bafybeiduehaz5qjlon6vio4c7orjjfhlu3thzcbftcqhp5rdx7y246m4oi",
            "8193, 16, 3, BALANCED, false, 0, QmaaHdJQ61B7SsUHcSqdxw86MWqERZX6FQKUDMQjyzJ1s4",
            "8193, 16, 3, BALANCED, true, 0, QmSdhJ1FhXoKCHNat2ybjzHXS25P8nquts2NTqi3cGjMbi",
            "8193, 16, 3, BALANCED, true, 1, bafybeigwqadp6qtpsfqs4mrqs5t2tslcwjrtjyxdte3mgzvsg3d3wwh65e",
            "8193, 16, 3, BALANCED, false, 1, bafybeicv7h7addx62qr4cojz6oxnoce47vcpptx2xq3mvmqaozsvocvuem",
            "17, 16, 3, TRICKLE, false, 0, QmSWCbz31S8yzB81vgFAC1XU8J8YnYriTFage7mpnfjqER",
            "17, 16, 3, TRICKLE, true, 0, Qme5eLCuTKWZskz8XZE8qWZhgLMoLjPfe6TJN8vbhkFtey",
            "17, 16, 3, TRICKLE, true, 1, bafybeihj4lnawyrhqgugt2pf6nt4viwxdet7z6xwpdwi54yped5qwstvuy",
            "17, 16, 3, TRICKLE, false, 1, bafybeif4d6ghu6ux6yig5qvm2fjybfx7eowgryuewkqadxqyhcojuajqyy",
            "257, 16, 3, TRICKLE, false, 0, QmfYae8MMJwisbaFEkky8cotYwunYXJYjzUWQhUnFWiiPB",
            "257, 16, 3, TRICKLE, true, 0, QmWJKwq2ZJdtNMk4vZFXwfXRnrgzfospmc5mJomz9pAiqC",
            "257, 16, 3, TRICKLE, true, 1, bafybeicquzhzp7vmtd52vjfsfuhl6n3n64h7khwacb7vssl2jbedtacqca",
            "257, 16, 3, TRICKLE, false, 1, bafybeiezo3jclhuvcu3vk62bumn4ct7llliap6nnl6rcyr4yfrnxugqfwi",
            "2049, 16, 3, TRICKLE, false, 0, Qme5jgToJqEsxM63MvjHV1HU1o1igoXgsk6WUsbQaM3kFb",
            "2049, 16, 3, TRICKLE, true, 0, QmSB8pkCY5Vne7YJEfVsc35FN9qEfMyrQc8FjEZZS2LVSQ",
            "2049, 16, 3, TRICKLE, true, 1, bafybeib75yqi2nrh7v3ys46jxnv6a4tjexghh5lzryxnrinqvootq62v7u",
            "2049, 16, 3, TRICKLE, false, 1, bafybeifzysowz3qg6mr3fzf6kn6vi6cdhgfvampecdwlpez6wzgyv574te",
            "8193, 16, 3, TRICKLE, false, 0, QmZpY64jGwwUhdZSGdjUXtXTXeoz8sybP9NvUGA84aYY1z",
            "8193, 16, 3, TRICKLE, true, 0, QmUunwfR7o6dfi6VL8WzA4zX7SGyUXqSSp9HcbJtqKwTu5",
            "8193, 16, 3, TRICKLE, true, 1, bafybeidcducisilycw3a6dc2p7ts533mqbzi5joyvo55yxmcfpul2htdfu",
            "8193, 16, 3, TRICKLE, false, 1, bafybeib4alfl5o6mvnf4sc7h5o4bkryer4mypn2uwk5dzmj3hgxijwfgua",
            "1, 16, 2, TRICKLE, false, 0, QmcBmLQtSpKgG8TpQwKWx82bxy2PZAfYSewvQdwToBEvrj",
            "1, 16, 2, TRICKLE, true, 0, QmPeqTbHmzUgPgPQzXEoedXFVAYnxPbg6YKm9x7mjvVNB8",
            "1, 16, 2, TRICKLE, true, 1, bafybeiatqrf5qpcdvxj4bh574zy2fjx6u373pnxb3jhnus4mtodpg4w4f4",
            "1, 16, 2, TRICKLE, false, 1, bafybeic4rmzz4uxc236hx5o277vfusrnkrav2ercumjby7xm23dlacdrky",
            "16, 16, 2, TRICKLE, false, 0, Qmcf2DPjAv8HnAXStHPRrXhtoAJchrgjb3W8RXKc7N6LTN",
            "16, 16, 2, TRICKLE, true, 0, Qmeo7ynaCMRwCzBcGv3FUfxj4fbNC7n7wNKneL87sPD3oc",
            "16, 16, 2, TRICKLE, true, 1, bafybeihuqlwtcq4ptftxe7qe2oyc6wjzelfwthxzq2kr74r6lsbth5ypk4",
            "16, 16, 2, TRICKLE, false, 1, bafybeifn5j5qyvrvfymc7vrh7xblgqjfpl4sdcuydmwrqgx5ehku757sly",
            "100, 16, 2, TRICKLE, false, 0, QmZUKdvCj5fsofSD78u3yR5PC1b22zo39yo7VZDK8DuyKJ",
            "100, 16, 2, TRICKLE, true, 0, QmP1jB6a51w4onWWmWLZLxQ9BnmKpPr5fXuzPscLwM7TBj",
            "100, 16, 2, TRICKLE, true, 1, bafybeih5jgcof4xr3the5qe45k7g67eib7ibvzc6tdtiztgreqq45is2ki",
            "100, 16, 2, TRICKLE, false, 1, bafybeibh7bf5nn2fve5mshp2zeyoh24es4hrm5u7rpiybdkynkzj5kuxna",
            "513, 16, 2, TRICKLE, false, 0, QmQem4xLqbZJ87UU3LPvuN7gU4AANNFqGnA9eEipLi21kL",
            "513, 16, 2, TRICKLE, true, 0, QmUxGQYHMWmeDkU31byopQHaNu4HahdPkoDUVXwT4bghq5",
            "513, 16, 2, TRICKLE, true, 1, bafybeia2cz54b76ijqxpf6wu7fqj3rahdyxf6lpimuxjitbxcdsmjd4bwi",
            "513, 16, 2, TRICKLE, false, 1, bafybeifpmqanvglcdolfi3tyacj43hkbre3rbkvaoi7qmsfsgyhptmsuhq",
            "262145, 262144, 174, BALANCED, false, 0, QmaEzfaHCPmB8ht5ECZnwokMFH234WpAYF9nr7vQeCXT2f",
            "262145, 262144, 174, BALANCED, true, 1, bafybeihcqauc2eyqrhvu2dzzsprjbmlsdvnlw5ahpsdtygaywc6vffxqyy",
            "45613061, 262144, 174, BALANCED, false, 0, QmTr2zS67QdB39iCMqGjDvYMcsd5pwXuapdxgNLBWwxxHU",
            "45613061, 262144, 174, BALANCED, true, 1, bafybeid5a66ryg3libtuos6qfkl4cfgcrw2imzczyfzxdhn2nszeuvbz3u",
            "3000000, 262144, 174, BALANCED, false, 0, QmNtESgkXQ6EPdVspgrQW4XAZC5LajfRWFHn9jn5jBwRn5",
            "3000000, 262144, 174, BALANCED, true, 1, bafybeici36o443uq23z3sohuhm77paevnodfgqzpp336z2b26yyb57v6ku",
            "262145, 262144, 174, TRICKLE, false, 0, QmfDLCRTU2xqMF1WiDhjMF1SyDZF2JX3BRMwQdSjwJ4bFP",
            "262145, 262144, 174, TRICKLE, true, 1, bafybeihcqauc2eyqrhvu2dzzsprjbmlsdvnlw5ahpsdtygaywc6vffxqyy",
            "45613061, 262144, 174, TRICKLE, false, 0, QmYeTB7f8qrZ3aYwwNtpRKcaYj1DW2YLf5PoNMk1k5a4K9",
            "45613061, 262144, 174, TRICKLE, true, 1, bafybeih5osf2m4y2h3cdbarbhq4xsuwykm3a5axt5qp6hmk37254fqpxji",
            "3000000, 262144, 174, TRICKLE, false, 0, Qmc76eS8KziP5jaFbHz5wiPYDRLrGCpVPuUx3xvbydtj72",
            "3000000, 262144, 174, TRICKLE, true, 1, bafybeici36o443uq23z3sohuhm77paevnodfgqzpp336z2b26yyb57v6ku",
            "20000, 10, 3, TRICKLE, false, 0, QmSRMT2yRjrgFRUZTDnPi4pXAXumoxAJ9LK6MPu57McC8t",
            "20000, 10, 3, BALANCED, false, 0, QmXVhCuBXrfYsdgERfvexJ2tLfQ6vapfgBVPxiixJwP3d9",
            "70000, 10, 3, TRICKLE, false, 0, QmQLzCHP7H4ZLqwG55KPiF9hcDjc6j3kUXjXDC5TgUAFHD",
            "70000, 10, 3, BALANCED, false, 0, QmVUqU2sCUB9CzdEA1ViAWSNsqF6dhgxdu7xPTJyDb7piB",
            "400, 16, 5, BALANCED, false, 0, QmRRWkVGpE4Qm3Q7n53iTdahv9H8btDDRKy8GRKtA5JMpy",
            "400, 16, 5, BALANCED, true, 0, QmU6AHUdg84C35ge4S66CL8NJm9ycHjrWhuLgyyqRAiJSV",
            "400, 16, 5, BALANCED, true, 1, bafybeibdbao2gjpyksz4za2uam62qp26livks4zbvb56gvfistyvekxwmi",
            "400, 16, 5, BALANCED, false, 1, bafybeidvsjijd76ciiu43xs6liatw2g5x6ozrh6ouk35hlgdlh2mknscbu",
            "1000, 16, 5, BALANCED, false, 0, QmSVJ5GaCRGeX4YcpDyfYqoZbDpufPGBKh9Hnech1tXDMh",
            "1000, 16, 5, BALANCED, true, 0, QmWAgu31UdBTYXPrpkaA89TRMWdnhYpajZuTqgwZ6RfX7M",
            "1000, 16, 5, BALANCED, true, 1, bafybeidsa37klkilgc54bm7wlzuyx3kgxxg2aqqyvzaapslc6xfqzyoo2y",
            "1000, 16, 5, BALANCED, false, 1, bafybeieqjo26mhqin4smsmcfavj5qdycp2x7irkk6tilfbnxqi3ibtiq6y",
            "400, 16, 5, TRICKLE, false, 0, QmasDMEqdbq6nonHJ1m9S4oJSQpGDqHvuuNpBqiWphk3YK",
            "400, 16, 5, TRICKLE, true, 0, QmVdgPToFob65Zp3ZfUcXubzCB1BCH1i21Zf2Cp4ipEJra",
            "400, 16, 5, TRICKLE, true, 1, bafybeidkj5qeefa5f3son2zw5hn6y2yebinz6p67vrczbqhcnugnhuovei",
            "400, 16, 5, TRICKLE, false, 1, bafybeifmou6ujalsq6mymdbly5dik5uay6avvczod4lsberjh4fhavgxhi",
            "1000, 16, 5, TRICKLE, false, 0, Qme72FJw1cmLeo1Fu4ZCxFd3WxaRs4eh2nebhyXXXsR1yX",
            "1000, 16, 5, TRICKLE, true, 0, QmTox7BTaujHhJtYNqcisJJtrkoo2rLSrKxUqykFzsVqBp",
            "1000, 16, 5, TRICKLE, true, 1, bafybeihhgfr25a723z7iraxcgv35tb2nfpsf6x5fbtwzf5odlvkt3iuilq",
            "1000, 16, 5, TRICKLE, false, 1, bafybeieem2usvkpzoefmzxj2at6q2s3l53qipp6tx5cevlypj43omtk34y"
    })
    void matchesTheReferenceImporter(long size, int chunkSize, int maxLinks, Layout layout, boolean rawLeaves,
                                     int cidVersion, String expected) throws IOException {
        ImportOptions options = ImportOptions.defaults().withChunkSize(chunkSize).withMaxLinks(maxLinks)
                .withLayout(layout).withRawLeaves(rawLeaves).withCidVersion(cidVersion);
        ImportedNode root = new UnixFsImporter(options).importFile(new ReferenceContent(size), block -> { });
        assertEquals(expected, root.cid().toString());
        assertEquals(size, root.contentSize());
    }
}
