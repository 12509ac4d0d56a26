package com.qkt.bench;

/**
 * The parent POM's {@code qkt.jvm.flags}, as a constant so {@code @Fork(jvmArgsAppend = ...)} can hand them to every
 * JMH fork (annotations need compile-time constants). Keep in step with the parent pom.xml.
 */
public final class JvmFlags
{
    /** Agrona's UnsafeBuffer and Chronicle Wire's zero-copy paths need these on JDK 17. */
    public static final String[] QKT = {
        "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.util=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
        "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
        "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED",
    };

    private JvmFlags()
    {
    }
}
