package org.qbench.tasks.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Fetches Debian packages that only carry data files, without root: {@code apt-get download PKG} into
 * {@code <cache>/debs}, then {@code dpkg-deb -x} into {@code <cache>/debian}, which mirrors the file system
 * ({@code /usr/share/x} lands in {@code <cache>/debian/usr/share/x}). Packages are never installed, so their
 * (often heavy) dependencies are never pulled in.
 */
public final class DebianPackages {

    private DebianPackages() {}

    /** The folder packages are unpacked into; a package's {@code /usr/...} is under {@code unpacked(cache)/usr/...}. */
    public static Path unpacked(Path cacheDir) {
        return cacheDir.resolve("debian");
    }

    /** Where a file that a package installs at {@code absolutePath} lies once the package is unpacked in the cache. */
    public static Path unpacked(Path cacheDir, String absolutePath) {
        return unpacked(cacheDir).resolve(absolutePath.startsWith("/") ? absolutePath.substring(1) : absolutePath);
    }

    /** Whether {@code apt-get} and {@code dpkg-deb} are on the PATH, so {@link #fetch} can work. */
    public static boolean available() {
        return onPath("apt-get") && onPath("dpkg-deb");
    }

    /**
     * Downloads a package into {@code <cache>/debs} and unpacks it into {@link #unpacked(Path)}. A {@code .deb}
     * already downloaded there is reused. The caller decides whether the package is needed (by looking for its
     * files); this always unpacks.
     *
     * @param log told which package is fetched
     * @throws IOException when a tool is missing or fails; the message is one line with the tool's last output line
     */
    public static void fetch(String pkg, Path cacheDir, Consumer<String> log) throws IOException {
        if (!available()) {
            throw new IOException("apt-get or dpkg-deb is not on the PATH");
        }
        Path debs = Files.createDirectories(cacheDir.resolve("debs"));
        Path deb = downloaded(debs, pkg);
        if (deb == null) {
            log.accept("fetching Debian package " + pkg + " into " + cacheDir);
            exec(debs, "apt-get", "download", pkg);
            deb = downloaded(debs, pkg);
            if (deb == null) {
                throw new IOException("apt-get download left no .deb of " + pkg + " in " + debs);
            }
        }
        log.accept("unpacking " + deb.getFileName());
        exec(cacheDir, "dpkg-deb", "-x", deb.toString(), unpacked(cacheDir).toString());
    }

    /** The newest {@code PKG_*.deb} in the folder, or null. */
    private static Path downloaded(Path debs, String pkg) throws IOException {
        try (var files = Files.list(debs)) {
            return files.filter(p -> p.getFileName().toString().startsWith(pkg + "_")
                            && p.getFileName().toString().endsWith(".deb"))
                    .sorted().reduce((a, b) -> b).orElse(null);
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static void exec(Path dir, String... command) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                String last = output.strip().lines().reduce((a, b) -> b).orElse("no output");
                throw new IOException("'" + String.join(" ", command) + "' failed: " + last);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command[0], e);
        }
    }
}
