package org.qbench.tasks.data;

import java.nio.file.Path;

/** Data is missing or corrupt. The message is one line: the file (or folder) and what is wrong with it. */
public final class DataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A fault in a file or folder. */
    public DataException(Path where, String problem) {
        super(where + ": " + problem);
    }

    /** A fault in a file or folder, with the underlying cause. */
    public DataException(Path where, String problem, Throwable cause) {
        super(where + ": " + problem, cause);
    }
}
