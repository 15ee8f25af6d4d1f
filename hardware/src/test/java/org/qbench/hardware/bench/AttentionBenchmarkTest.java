package org.qbench.hardware.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;
import org.qbench.hardware.kernel.AttentionKernels;
import org.qbench.hardware.kernel.Codes;
import org.qbench.hardware.kernel.ShiftAddShape;

/**
 * The attention benchmark's parameters and operands, without JMH: the batch form round-trips and refuses bad text,
 * the operands are the same for every run and hold zeros, every exponent and the extreme values, and setup plus
 * one measured call run for every attention kernel.
 */
class AttentionBenchmarkTest {

    @Test
    void batchParsesWhatItWrites() {
        AttentionBenchmark.Batch b = AttentionBenchmark.Batch.parse("64*18x18x16");
        assertEquals(new AttentionBenchmark.Batch(64, 18, 18, 16), b);
        assertEquals("64*18x18x16", b.toString());
        assertEquals(64L * 18 * 18 * 16, b.macs());
        for (String bad : new String[] {"18x18x16", "64*18x18", "64*18x18x16x2", "a*1x1x1", "0*1x1x1", "64*18x-1x16", "2**1x1x1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AttentionBenchmark.Batch.parse(bad));
            assertTrue(e.getMessage().contains("P*NxMxD") || e.getMessage().contains("positive"), e.getMessage());
        }
    }

    @Test
    void operandsComeFromTheSeedAndCoverZeroEveryExponentAndTheValueRange() {
        ShiftAddShape s = new ShiftAddShape(18, 18, 16, 4, new Codes(8, true));
        List<int[][]> a = AttentionBenchmark.operands(s, 3, AttentionBenchmark.SEED);
        List<int[][]> b = AttentionBenchmark.operands(s, 3, AttentionBenchmark.SEED);
        assertEquals(3, a.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i)[0], b.get(i)[0]);
            assertArrayEquals(a.get(i)[1], b.get(i)[1]);
            s.check(a.get(i)[0], a.get(i)[1]);
        }
        assertTrue(!java.util.Arrays.equals(a.get(0)[0], a.get(1)[0]), "each head has its own P");
        int[] all = a.stream().flatMapToInt(x -> java.util.Arrays.stream(x[0])).toArray();
        long zeros = java.util.Arrays.stream(all).filter(k -> k == ShiftAddShape.ZERO).count();
        assertTrue(zeros > all.length / 8 && zeros < all.length / 2, zeros + " zeros of " + all.length);
        for (int k = 0; k <= s.maxExponent(); k++) {
            int e = k;
            assertTrue(java.util.Arrays.stream(all).anyMatch(x -> x == e), "exponent " + k);
        }
        int[] values = a.stream().flatMapToInt(x -> java.util.Arrays.stream(x[1])).toArray();
        assertTrue(java.util.Arrays.stream(values).anyMatch(v -> v == -128) && java.util.Arrays.stream(values).anyMatch(v -> v == 127));
    }

    @Test
    void everyAttentionKernelSetsUpAndRunsOneBatch() {
        Blackhole sink = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        for (String id : AttentionKernels.ids()) {
            AttentionBenchmark bench = new AttentionBenchmark();
            bench.kernel = id;
            bench.batch = "3*5x7x9";
            bench.exponentBits = 4;
            bench.valueBits = 8;
            bench.setUp();
            bench.multiply(sink);
        }
        sink.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
    }
}
