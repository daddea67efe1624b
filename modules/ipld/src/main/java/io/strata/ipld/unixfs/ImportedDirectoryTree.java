package io.strata.ipld.unixfs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link DirectoryTreeImporter#finish()} built: the root directory and every directory under it,
 * keyed by relative path ({@code ""} for the root), children before their parents.
 */
public record ImportedDirectoryTree(ImportedNode root, Map<String, ImportedNode> directories) {

    public ImportedDirectoryTree {
        directories = Collections.unmodifiableMap(new LinkedHashMap<>(directories));
    }
}
