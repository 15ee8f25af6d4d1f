package org.qbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Command-line errors: one line on stderr, exit 2; help for every command. */
class CliTest {

    /** What a CLI call printed and returned. */
    record Outcome(int code, String out, String err) {}

    static Outcome call(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = QbenchCli.execute(args);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "run --task nope --method lsq --bits 2|unknown task 'nope' (known: cls-fmnist, cls-cifar10, vit-fmnist, vit-cifar10, sr-x4, sr-x2, lowlight-video)",
        "run --task cls-fmnist --method nope --bits 2|unknown method 'nope' (known: bicubic, noisy-input, fp32, dorefa, pact, lsq, lsq+, packqvit, n2uq, quantsr, pams, brve, bnn, xnor, dorefa-1bit, bireal, react)",
        "run --task cls-fmnist --method lsq --bits 0|unsupported bit width 0",
        "run --task cls-fmnist --method lsq --bits 9|unsupported bit width 9",
        "run --task cls-fmnist --method lsq --bits 5|method 'lsq' does not support 5 bits",
        "run --task cls-fmnist --method lsq|--bits is required",
        "run --task cls-fmnist --method lsq --bits 4 --budget huge|unknown budget 'huge'",
        "run --task cls-fmnist --method lsq --bits x|Invalid value for option '--bits'",
        "reproduce --shard 2/2 --budget smoke|bad shard 2/2",
        "reproduce --shard x --budget smoke|bad --shard 'x'",
        "reproduce --suite nope|unknown suite 'nope'",
        "reproduce --budget smoke --jobs 0|--jobs 0 is out of range",
        "reproduce --budget smoke --tasks nope|unknown task 'nope'",
        "reproduce --budget smoke --seeds 0 --tasks cls-cifar10 --data-dir /nonexistent/qb|/nonexistent/qb: no CIFAR-10 here; put data_batch_1.bin",
        "run --task cls-fmnist --method lsq --bits 4 --epochs 0|epochs 0 is out of range",
        "kernels --profile nope|unknown",
        "kernels --mode fast|unknown mode 'fast' (known: smoke, full)",
        "kernels --shapes nope --mode smoke|unknown shape 'nope'",
        "cost --suite nope|unknown suite 'nope'",
        "cost --budget huge|unknown budget 'huge'",
        "cost --tasks nope|unknown task 'nope'",
        "tables --results /nonexistent/qbench|/nonexistent/qbench: no such results folder",
        "frobnicate|Unmatched argument",
        "compare onlyone|Missing required parameter",
    })
    void userErrorsPrintOneLineAndExitTwo(String args, String expected) {
        Outcome o = call(args.split(" "));
        assertEquals(2, o.code(), o.err());
        assertEquals(1, o.err().strip().lines().count(), "one line, got: " + o.err());
        assertTrue(o.err().startsWith("qbench: "), o.err());
        assertTrue(o.err().contains(expected), o.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"reproduce", "run", "list", "tables", "compare", "merge", "export", "kernels", "cost"})
    void everyCommandHasHelp(String command) {
        Outcome o = call(command, "--help");
        assertEquals(0, o.code());
        assertTrue(o.out().contains("Usage: qbench " + command), o.out());
    }

    @org.junit.jupiter.api.Test
    void listNamesEveryRegisteredThing() {
        Outcome o = call("list");
        assertEquals(0, o.code());
        for (String id : new String[] {"fp32", "lsq", "dorefa", "pact", "n2uq", "cls-fmnist", "cls-cifar10", "smoke", "quick", "paper", "lsq-cls", "survey-cls", "survey-vit", "vit-fmnist", "packqvit", "lsq+", "quantsr", "pams", "brve", "bnn", "xnor", "dorefa-1bit", "bireal", "react", "jvm-scalar"}) {
            assertTrue(o.out().contains(id), id + " missing from:\n" + o.out());
        }
    }
}
