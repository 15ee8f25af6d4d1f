package org.qbench.tasks.train;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The random sources of one run, each derived from the run's 64-bit seed and a name, so that adding a use of
 * randomness in one place (say, noise synthesis) never shifts another (data order): {@code order} (shuffling),
 * {@code augmentation}, {@code noise} (synthesised inputs), {@code init} (the engine's weight initialisation).
 *
 * <p>A stream's seed is SplitMix64's finaliser applied to the run seed XOR the first 8 bytes of SHA-256 of the
 * name: stable across JVMs and releases. {@link #legacy} reproduces the arrangement the classification task used
 * before named streams existed (one {@code java.util.Random(seed)} for order and augmentation, the engine seeded
 * with the seed cast to {@code int}), so its committed results stay valid.
 */
public final class SeedStreams {

    /** Shuffling of the training set. */
    public static final String ORDER = "order";
    /** Random augmentation of training samples. */
    public static final String AUGMENTATION = "augmentation";
    /** Synthesis of inputs (noise models, random crops of synthetic data). */
    public static final String NOISE = "noise";
    /** The engine's random state: weight initialisation and any engine-side sampling. */
    public static final String INIT = "init";

    private final long seed;
    private final boolean legacy;
    private final Map<String, Random> open = new LinkedHashMap<>();

    private SeedStreams(long seed, boolean legacy) {
        this.seed = seed;
        this.legacy = legacy;
    }

    /** Named streams derived from {@code seed}. */
    public static SeedStreams derived(long seed) {
        return new SeedStreams(seed, false);
    }

    /**
     * The pre-stream arrangement: every stream but {@link #INIT} is one shared {@code java.util.Random(seed)}, and
     * the engine is seeded with {@code (int) seed}. Only for tasks whose results predate named streams.
     */
    public static SeedStreams legacy(long seed) {
        return new SeedStreams(seed, true);
    }

    /** The run's seed. */
    public long seed() {
        return seed;
    }

    /** The seed of the named stream. */
    public long seedOf(String name) {
        if (legacy) {
            return seed;
        }
        return mix(seed ^ nameHash(name));
    }

    /**
     * The named stream, created on first use; later calls return the same instance, so a stream advances over a
     * whole run (the legacy arrangement shares one instance between all names).
     */
    public synchronized Random random(String name) {
        return open.computeIfAbsent(legacy ? ORDER : name, n -> new Random(seedOf(n)));
    }

    /** The seed the engine gets for {@link #INIT} (the engine takes an {@code int}). */
    public int engineSeed() {
        long s = seedOf(INIT);
        return legacy ? (int) s : (int) (s ^ (s >>> 32));
    }

    /** How the streams were derived, for the result's recipe. */
    public String describe() {
        return legacy
                ? "legacy: one java.util.Random(seed) for order and augmentation, engine seeded with (int) seed"
                : "named streams: java.util.Random(splitmix64(seed ^ sha256(name)[0..8))) per name (order, augmentation, "
                        + "noise); engine seeded with that of 'init' folded to 32 bits";
    }

    /** Fisher-Yates over {@code indices} with a run's stream, so data order depends on the seed alone. */
    public static void shuffle(int[] indices, Random stream) {
        for (int i = indices.length - 1; i > 0; i--) {
            int j = stream.nextInt(i + 1);
            int t = indices[i];
            indices[i] = indices[j];
            indices[j] = t;
        }
    }

    /** SplitMix64's output function: a bijection that scatters nearby seeds. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static long nameHash(String name) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (h[i] & 0xFF);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
