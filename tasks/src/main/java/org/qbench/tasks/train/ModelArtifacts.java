package org.qbench.tasks.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import org.qbench.methods.quant.EngineArrays;
import org.qbench.tasks.data.DataException;

/**
 * A trained model's parameters as a run artifact: every initialised parameter under its path in the block tree,
 * in DJL's NDList encoding, written atomically. Loading matches by name and shape, so a quantized model can start
 * from a full-precision one of the same architecture: its weights are taken, its quantizer parameters (which
 * the other model lacks) keep their own initialisation.
 */
public final class ModelArtifacts {

    private ModelArtifacts() {}

    /** Writes the parameters of {@code model} to {@code file} (temp file, then an atomic rename). */
    public static void save(Block model, Path file) {
        try (NDManager scratch = NDManager.newBaseManager()) {
            NDList list = new NDList();
            for (var p : model.getParameters()) {
                if (p.getValue().isInitialized()) {
                    NDArray copy = p.getValue().getArray().duplicate();
                    copy.attach(scratch);
                    copy.setName(p.getKey());
                    list.add(copy);
                }
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, list.encode());
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the model to " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Overwrites every parameter of {@code model} that {@code file} holds under the same name and shape, by an
     * engine copy; returns how many it set.
     *
     * @throws DataException when the file is missing, unreadable, or shares no parameter with the model
     */
    public static int loadMatching(Block model, Path file) {
        return load(model, file, false);
    }

    /**
     * Overwrites every parameter of {@code model} from {@code file}, which must hold each one under the same name
     * and shape (a teacher read back into its own architecture); returns how many it set.
     *
     * @throws DataException when the file is missing, unreadable, or lacks one of the model's parameters
     */
    public static int loadAll(Block model, Path file) {
        return load(model, file, true);
    }

    private static int load(Block model, Path file, boolean all) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DataException(file, "cannot read the saved model: " + e.getMessage());
        }
        try (NDManager scratch = NDManager.newBaseManager()) {
            NDList saved;
            try {
                saved = NDList.decode(scratch, bytes);
            } catch (RuntimeException e) {
                throw new DataException(file, "not a saved qbench model (" + e.getMessage() + ")");
            }
            Map<String, NDArray> byName = new HashMap<>();
            saved.forEach(a -> byName.put(a.getName(), a));
            int set = 0;
            for (var p : model.getParameters()) {
                Parameter parameter = p.getValue();
                NDArray source = byName.get(p.getKey());
                if (parameter.isInitialized() && source != null && source.getShape().equals(parameter.getArray().getShape())) {
                    EngineArrays.assign(parameter.getArray(), source.toFloatArray());
                    set++;
                } else if (all && parameter.isInitialized()) {
                    throw new DataException(file, "the saved model has no parameter " + p.getKey() + " of shape "
                            + parameter.getArray().getShape() + (source == null ? "" : " (it has " + source.getShape() + ")")
                            + ": not a model of this architecture");
                }
            }
            if (set == 0) {
                throw new DataException(file, "the saved model shares no parameter (name and shape) with this one");
            }
            return set;
        }
    }
}
