package com.qkt.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Entry point of {@code benchmarks.jar}: JMH's own main, with the project's JVM flags (the parent POM's
 * {@code qkt.jvm.flags}, filtered into {@code qkt-bench.properties} at build time) appended to every fork. The flags
 * live in the POM only; benchmark classes do not repeat them in {@code @Fork}.
 */
public final class BenchMain
{
    private BenchMain()
    {
    }

    /**
     * @param args JMH's command line; more {@code -jvmArgsAppend} values may be given and are kept.
     * @throws Exception as JMH's main.
     */
    public static void main(final String[] args) throws Exception
    {
        final List<String> all = new ArrayList<>();
        all.add("-jvmArgsAppend");
        all.add(jvmFlags());
        all.addAll(Arrays.asList(args));
        org.openjdk.jmh.Main.main(all.toArray(new String[0]));
    }

    static String jvmFlags() throws IOException
    {
        final Properties props = new Properties();
        try (InputStream in = BenchMain.class.getResourceAsStream("/qkt-bench.properties"))
        {
            if (null == in)
            {
                throw new IllegalStateException("qkt-bench.properties missing from the benchmarks jar");
            }
            props.load(in);
        }
        final String flags = props.getProperty("jvmFlags", "").trim();
        if (flags.isEmpty() || flags.contains("${"))
        {
            throw new IllegalStateException("qkt-bench.properties was not filtered by Maven: " + flags);
        }
        return flags;
    }
}
