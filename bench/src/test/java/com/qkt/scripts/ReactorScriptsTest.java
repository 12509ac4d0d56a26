package com.qkt.scripts;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the real {@code scripts/demo}, {@code scripts/soak} and {@code scripts/sim} against a copy of their build logic with a fake
 * {@code mvn} and {@code java} on the PATH (no Maven, milliseconds), and checks what they would build and run: a
 * reactor build without {@code install}, only when something changed, and a classpath whose qkt modules all come from
 * the work tree. A regression to "resolve siblings from ~/.m2" or "install into ~/.m2" fails here.
 */
class ReactorScriptsTest
{
    private static final String VERSION = "0.1.0-SNAPSHOT";
    private static final List<String> MODULES = List.of("src-gen", "core", "bybit-sim", "transport-bybit", "bench");

    @TempDir
    Path tree;
    private Path bin;
    private Path mvnLog;
    private Path javaLog;

    @BeforeEach
    void copyTheScriptsIntoAFakeTree() throws IOException
    {
        assumeTrue(Files.isExecutable(Paths.get("/bin/bash")), "needs bash");
        final Path realRoot = Paths.get(System.getProperty("user.dir")).getParent();
        Files.createDirectories(tree.resolve("scripts/lib"));
        for (final String script :
            List.of("scripts/demo", "scripts/soak", "scripts/sim", "scripts/bench", "scripts/lib/reactor.sh", "pom.xml"))
        {
            Files.copy(realRoot.resolve(script), tree.resolve(script));
        }
        for (final String module : MODULES)
        {
            write(tree.resolve(module + "/pom.xml"), "<project/>");
            write(tree.resolve(module + "/src/main/java/A.java"), "class A {}");
        }

        bin = Files.createDirectories(tree.resolve("fake-bin"));
        mvnLog = tree.resolve("mvn.log");
        javaLog = tree.resolve("java.log");
        // The fake mvn does what the reactor build does to target/: module jars and, per module, its classpath.
        executable(bin.resolve("mvn"), String.join("\n",
            "#!/bin/bash",
            "echo \"$*\" >> '" + mvnLog + "'",
            "for m in " + String.join(" ", MODULES) + "; do",
            "  mkdir -p $m/target && touch $m/target/qkt-$m-" + VERSION + ".jar",
            "done",
            "for m in bench bybit-sim; do",
            "  printf '%s' \"$PWD/core/target/qkt-core-" + VERSION + ".jar:$PWD/fake-repo/agrona.jar\" " +
            "> $m/target/qkt-runtime.classpath",
            "done",
            "mkdir -p fake-repo && touch fake-repo/agrona.jar bench/target/benchmarks.jar",
            ""));
        executable(bin.resolve("java"), "#!/bin/bash\necho \"$*\" >> '" + javaLog + "'\n");
    }

    @Test
    void shouldBuildInOneReactorWithoutInstallThenRunTheTreesJarsWithoutMaven() throws Exception
    {
        assertEquals(0, run("scripts/demo", "--help"));
        final String mvn = read(mvnLog);
        assertTrue(mvn.contains("-pl bench -am package"), mvn);
        assertTrue(mvn.contains("dependency:build-classpath"), mvn);
        assertFalse(mvn.contains("install"), mvn);

        final String java = read(javaLog);
        assertTrue(java.contains("-cp " + tree.resolve("bench/target/qkt-bench-" + VERSION + ".jar") + ":" +
            tree.resolve("core/target/qkt-core-" + VERSION + ".jar")), java);
        assertTrue(java.contains("--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED"), java);
        assertTrue(java.trim().endsWith("com.qkt.demo.Demo --help"), java);

        Files.delete(mvnLog);
        assertEquals(0, run("scripts/demo"));
        assertFalse(Files.exists(mvnLog), "second run must not start Maven");
    }

    @Test
    void shouldRunTheSoakFromTheSameReactorBuildAsTheDemo() throws Exception
    {
        assertEquals(0, run("scripts/soak", "--quick"));
        final String mvn = read(mvnLog);
        assertTrue(mvn.contains("-pl bench -am package"), mvn);
        assertFalse(mvn.contains("install"), mvn);
        final String java = read(javaLog);
        assertTrue(java.contains("-cp " + tree.resolve("bench/target/qkt-bench-" + VERSION + ".jar") + ":"), java);
        assertTrue(java.trim().endsWith("com.qkt.soak.Soak --quick"), java);

        Files.delete(mvnLog);
        assertEquals(0, run("scripts/demo"));
        assertFalse(Files.exists(mvnLog), "the demo runs on the soak's build without Maven");
    }

    @Test
    void shouldRebuildWhenASourceOfAnUpstreamModuleChanges() throws Exception
    {
        assertEquals(0, run("scripts/demo"));
        Files.delete(mvnLog);

        final Path source = tree.resolve("core/src/main/java/A.java");
        Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(60)));
        assertEquals(0, run("scripts/demo"));
        assertTrue(Files.exists(mvnLog), "an edit in core must rebuild before the demo runs");
    }

    @Test
    void shouldRebuildWhenAClasspathEntryIsGoneAsAfterMvnVerifyWithAnotherRepository() throws Exception
    {
        assertEquals(0, run("scripts/sim"));
        Files.delete(mvnLog);
        Files.delete(tree.resolve("fake-repo/agrona.jar"));

        assertEquals(0, run("scripts/sim"));
        assertTrue(read(mvnLog).contains("-pl bybit-sim -am package"));
    }

    @Test
    void shouldBuildTheBenchmarksJarInTheReactorOnlyWhenSourcesChanged() throws Exception
    {
        run("scripts/bench", "--quick"); // the fake java writes no results: its exit code is not the point here
        final String mvn = read(mvnLog);
        assertTrue(mvn.contains("-pl bench -am package"), mvn);
        assertFalse(mvn.contains("install"), mvn);
        assertTrue(read(javaLog).contains("-jar " + tree.resolve("bench/target/benchmarks.jar")), read(javaLog));

        Files.delete(mvnLog);
        run("scripts/bench", "--quick");
        assertFalse(Files.exists(mvnLog), "an up-to-date benchmarks.jar is run as it is");

        Files.setLastModifiedTime(tree.resolve("transport-bybit/src/main/java/A.java"),
            FileTime.from(Instant.now().plusSeconds(60)));
        run("scripts/bench", "--quick");
        assertTrue(Files.exists(mvnLog), "an edit in transport-bybit must rebuild the benchmarks");
    }

    @Test
    void shouldRefuseAQktModuleFromAMavenRepository() throws Exception
    {
        assertEquals(0, run("scripts/demo"));
        final Path installed = Files.createDirectories(tree.resolve("m2/com/qkt/qkt-core"))
            .resolve("qkt-core-" + VERSION + ".jar");
        Files.createFile(installed);
        Files.write(tree.resolve("bench/target/qkt-runtime.classpath"),
            installed.toString().getBytes(StandardCharsets.UTF_8));
        Files.delete(javaLog);

        assertEquals(2, run("scripts/demo"));
        assertFalse(Files.exists(javaLog), "must not run jars from a Maven repository");
    }

    private int run(final String... command) throws Exception
    {
        final ProcessBuilder builder = new ProcessBuilder(command).directory(tree.toFile())
            .redirectErrorStream(true).redirectOutput(tree.resolve("out.log").toFile());
        builder.command().set(0, tree.resolve(command[0]).toString());
        builder.environment().put("PATH", bin + ":/usr/bin:/bin");
        final Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "script hung");
        return process.exitValue();
    }

    private static void write(final Path file, final String text) throws IOException
    {
        Files.createDirectories(file.getParent());
        Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void executable(final Path file, final String text) throws IOException
    {
        write(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String read(final Path file) throws IOException
    {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
