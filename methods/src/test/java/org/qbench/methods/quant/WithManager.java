package org.qbench.methods.quant;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of engine tests: a fresh NDManager per test, closed after it, so native memory never leaks across tests. */
public abstract class WithManager {

    /** The test's manager. */
    protected NDManager manager;

    /** Opens the manager. */
    @BeforeEach
    protected void openManager() {
        manager = NDManager.newBaseManager();
    }

    /** Closes the manager and everything in it. */
    @AfterEach
    protected void closeManager() {
        manager.close();
    }
}
