package org.qbench.hardware.peak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import jdk.incubator.vector.IntVector;
import org.qbench.hardware.profile.Peak;

/**
 * The peak integer and float throughput of the machine running qbench, derived (never measured) from what the
 * CPU reports: cores, clock, the vector width the JVM uses and the instruction sets that change the count
 * per cycle (AVX-512 VNNI for 8-bit dot products, VPOPCNTDQ for vector popcount). Each figure carries its
 * formula with the numbers filled in, so a reader can check it and see its assumptions.
 *
 * <p>Assumptions, stated in every formula: two vector pipes per core that each start one vector multiply-add
 * per cycle (true of recent x86 server cores; a core that splits a 512-bit operation in two halves the figure),
 * a multiply-accumulate counts as 2 operations, and 2- and 4-bit codes run on the 8-bit units (x86 has no
 * narrower multiply). Peaks are per core, because the kernels are timed single-threaded, and per machine.
 *
 * @param cpuModel the CPU's model name, as the OS reports it
 * @param cores logical processors the JVM sees
 * @param ghz clock in GHz as the OS reports it (Linux: current, not maximum, frequency)
 * @param vectorBits the JVM's preferred vector size for ints
 * @param flags the reported instruction-set flags this model uses
 */
public record MachinePeak(String cpuModel, int cores, double ghz, int vectorBits, Set<String> flags) {

    /** Vector pipes per core assumed by every formula. */
    public static final int PIPES = 2;

    /** The flags that change a formula. */
    public static final Set<String> RELEVANT = Set.of("avx2", "avx512f", "avx512_vnni", "avx_vnni", "avx512_vpopcntdq", "popcnt", "fma");

    /** Observes this machine (Linux: {@code /proc/cpuinfo}; elsewhere the clock is unknown and taken as 1 GHz, said so). */
    public static MachinePeak observe() {
        String model = System.getProperty("os.arch");
        double mhz = 1000;
        Set<String> flags = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                String[] kv = line.split(":", 2);
                if (kv.length < 2) {
                    continue;
                }
                String key = kv[0].strip();
                if (key.equals("model name") && model.equals(System.getProperty("os.arch"))) {
                    model = kv[1].strip();
                } else if (key.equals("cpu MHz") && mhz == 1000) {
                    mhz = Double.parseDouble(kv[1].strip());
                } else if (key.equals("flags") && flags.isEmpty()) {
                    for (String f : kv[1].strip().split("\\s+")) {
                        if (RELEVANT.contains(f)) {
                            flags.add(f);
                        }
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            model = model + " (no /proc/cpuinfo: clock taken as 1 GHz)";
        }
        return new MachinePeak(model, Runtime.getRuntime().availableProcessors(), mhz / 1000, IntVector.SPECIES_PREFERRED.vectorBitSize(), Set.copyOf(flags));
    }

    /** Derived single-core peaks for float32 and 8/4/2/1-bit codes. */
    public List<Peak> perCore() {
        return peaks(1);
    }

    /** Derived whole-machine peaks (all cores). */
    public List<Peak> perMachine() {
        return peaks(cores);
    }

    private List<Peak> peaks(int coreCount) {
        List<Peak> peaks = new ArrayList<>();
        String base = String.format(Locale.ROOT, "%d core(s) x %.3f GHz x %d pipes", coreCount, ghz, PIPES);
        double perCycle = coreCount * ghz * PIPES;
        int floatLanes = vectorBits / 32;
        peaks.add(new Peak(Peak.FLOAT_BITS, perCycle * floatLanes * 2,
                Peak.Basis.DERIVED, base + String.format(Locale.ROOT, " x %d float lanes (%d-bit) x 2 ops per FMA", floatLanes, vectorBits)));
        boolean vnni = flags.contains("avx512_vnni") || flags.contains("avx_vnni");
        // VNNI: 4 byte products summed into each 32-bit lane per instruction; without it, vpmaddubsw + vpmaddwd
        // take two instructions for 2 byte products per 16-bit lane
        int int8MacsPerInstr = vnni ? vectorBits / 8 : vectorBits / 16;
        String int8 = base + String.format(Locale.ROOT, " x %d byte MACs per instruction (%s) x 2 ops", int8MacsPerInstr,
                vnni ? "VNNI vpdpbusd" : "no VNNI: vpmaddubsw + vpmaddwd");
        for (int bits : new int[] {8, 4, 2}) {
            peaks.add(new Peak(bits, perCycle * int8MacsPerInstr * 2, Peak.Basis.DERIVED,
                    bits == 8 ? int8 : int8 + " (" + bits + "-bit codes run on the 8-bit units)"));
        }
        boolean vpopcnt = flags.contains("avx512_vpopcntdq");
        // binary: one XOR + one popcount cover 64 (scalar) or vectorBits (VPOPCNTDQ) products; the pair is
        // counted as occupying one pipe slot each, so one pipe's worth per cycle
        int binaryMacs = vpopcnt ? vectorBits : 64;
        peaks.add(new Peak(1, coreCount * ghz * binaryMacs * 2, Peak.Basis.DERIVED,
                String.format(Locale.ROOT, "%d core(s) x %.3f GHz x %d binary MACs per XOR+POPCNT pair (%s) x 2 ops", coreCount, ghz,
                        binaryMacs, vpopcnt ? "VPOPCNTDQ, " + vectorBits + "-bit" : "scalar 64-bit POPCNT")));
        return peaks;
    }
}
