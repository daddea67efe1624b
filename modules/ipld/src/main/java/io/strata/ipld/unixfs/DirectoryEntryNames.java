package io.strata.ipld.unixfs;

import io.strata.ipld.IpldException;

import java.util.ArrayList;
import java.util.List;

import static io.strata.ipld.IpldException.Code.UNIXFS_INVALID_NAME;

/** The rules a UnixFS directory entry's name and an import's relative path must follow. */
public final class DirectoryEntryNames {

    private DirectoryEntryNames() {
    }

    /**
     * Checks one entry name: not empty, not {@code .} or {@code ..}, no {@code /}.
     *
     * @throws IpldException with code {@code UNIXFS_INVALID_NAME}
     */
    public static String requireValid(String name) {
        if (name == null || name.isEmpty()) {
            throw new IpldException(UNIXFS_INVALID_NAME, "a directory entry name must not be empty");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IpldException(UNIXFS_INVALID_NAME, "'" + name + "' is not allowed as a directory entry name");
        }
        if (name.indexOf('/') >= 0) {
            throw new IpldException(UNIXFS_INVALID_NAME, "directory entry name '" + name + "' contains '/'");
        }
        return name;
    }

    /**
     * Splits a relative path such as {@code a/b/c.txt} into its names, each checked by
     * {@link #requireValid}. A leading, trailing or doubled {@code /} is an empty name and is rejected.
     */
    public static List<String> splitRelativePath(String path) {
        if (path == null || path.isEmpty()) {
            throw new IpldException(UNIXFS_INVALID_NAME, "a relative path must not be empty");
        }
        List<String> names = new ArrayList<>();
        int start = 0;
        while (true) {
            int slash = path.indexOf('/', start);
            String name = slash < 0 ? path.substring(start) : path.substring(start, slash);
            if (name.isEmpty()) {
                throw new IpldException(UNIXFS_INVALID_NAME, "relative path '" + path
                        + "' has an empty name (leading, trailing or doubled '/')");
            }
            try {
                names.add(requireValid(name));
            } catch (IpldException e) {
                throw new IpldException(UNIXFS_INVALID_NAME, "relative path '" + path + "': " + e.getMessage(), e);
            }
            if (slash < 0) {
                return names;
            }
            start = slash + 1;
        }
    }
}
