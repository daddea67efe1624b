package io.strata.ipld.unixfs;

import io.strata.ipld.BlockSink;
import io.strata.ipld.IpldException;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.strata.ipld.IpldException.Code.UNIXFS_INVALID_NAME;

/**
 * Assembles a tree of already imported files into UnixFS directories, as {@code ipfs add -r} and a
 * multipart {@code add} of many files do. Files arrive in any order as (relative path, imported node);
 * directories on their paths are created implicitly, empty ones are declared with {@link #addDirectory}.
 * {@link #finish()} then builds every directory bottom-up with a {@link DirectoryBuilder}. Only names
 * and CIDs are held.
 */
public final class DirectoryTreeImporter {

    private final ImportOptions options;
    private final BlockSink sink;
    private final PendingDirectory root = new PendingDirectory();
    private boolean finished;

    public DirectoryTreeImporter(ImportOptions options, BlockSink sink) {
        this.options = options;
        this.sink = sink;
    }

    private static final class PendingDirectory {
        final Map<String, Object> children = new HashMap<>();
    }

    /**
     * Wraps one imported file in a directory under its own name, as {@code --wrap-with-directory} does.
     */
    public static ImportedNode wrap(String fileName, ImportedNode file, ImportOptions options, BlockSink sink) {
        return new DirectoryBuilder(options, sink).add(fileName, file).build();
    }

    /**
     * Places a file (or an already built subdirectory) at {@code relativePath}, such as {@code a/b/c.txt}.
     *
     * @throws IpldException {@code UNIXFS_INVALID_NAME} for a bad path, a path already taken, or a path
     *                       running through a file
     */
    public void addFile(String relativePath, ImportedNode node) {
        requireOpen();
        List<String> names = DirectoryEntryNames.splitRelativePath(relativePath);
        PendingDirectory parent = directoryAt(relativePath, names.subList(0, names.size() - 1));
        String name = names.get(names.size() - 1);
        if (parent.children.putIfAbsent(name, node) != null) {
            throw new IpldException(UNIXFS_INVALID_NAME, "'" + relativePath + "' already exists");
        }
    }

    /** Writes a symlink to {@code target} and places it at {@code relativePath}. */
    public void addSymlink(String relativePath, String target) {
        requireOpen();
        DirectoryEntryNames.splitRelativePath(relativePath);
        addFile(relativePath, SymlinkBuilder.write(target, options, sink));
    }

    /** Declares a directory, so that it exists even when nothing is added under it. */
    public void addDirectory(String relativePath) {
        requireOpen();
        List<String> names = DirectoryEntryNames.splitRelativePath(relativePath);
        directoryAt(relativePath, names);
    }

    /** Builds every directory, children first, and returns the root and each directory's node. */
    public ImportedDirectoryTree finish() {
        requireOpen();
        finished = true;
        Map<String, ImportedNode> directories = new LinkedHashMap<>();
        ImportedNode rootNode = build("", root, directories);
        return new ImportedDirectoryTree(rootNode, directories);
    }

    private ImportedNode build(String path, PendingDirectory directory, Map<String, ImportedNode> directories) {
        DirectoryBuilder builder = new DirectoryBuilder(options, sink);
        for (Map.Entry<String, Object> child : directory.children.entrySet()) {
            ImportedNode node = child.getValue() instanceof PendingDirectory subdirectory
                    ? build(path.isEmpty() ? child.getKey() : path + "/" + child.getKey(), subdirectory, directories)
                    : (ImportedNode) child.getValue();
            builder.add(child.getKey(), node);
        }
        directory.children.clear();
        ImportedNode built = builder.build();
        directories.put(path, built);
        return built;
    }

    private PendingDirectory directoryAt(String relativePath, List<String> names) {
        PendingDirectory directory = root;
        for (String name : names) {
            Object child = directory.children.computeIfAbsent(name, ignored -> new PendingDirectory());
            if (!(child instanceof PendingDirectory subdirectory)) {
                throw new IpldException(UNIXFS_INVALID_NAME, "'" + relativePath + "' runs through '" + name
                        + "', which was added as a file");
            }
            directory = subdirectory;
        }
        return directory;
    }

    private void requireOpen() {
        if (finished) {
            throw new IllegalStateException("this directory tree has already been finished");
        }
    }
}
