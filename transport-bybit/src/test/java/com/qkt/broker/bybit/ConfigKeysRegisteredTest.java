package com.qkt.broker.bybit;

import com.qkt.common.config.ConfigKeys;
import com.qkt.engine.EngineContext;
import com.qkt.sim.bybit.BybitSimulator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code qkt.*} key constant of core, the simulator and the transport is known to the unknown-key check: a
 * context added (or moved) without registering its keys in a {@code ConfigKeySource} would make its own keys fail as
 * unknown, and this test names it first.
 */
class ConfigKeysRegisteredTest
{
    @Test
    void shouldKnowEveryKeyConstantOfEveryModule() throws Exception
    {
        final Set<String> declared = new TreeSet<>();
        for (final Class<?> anchor : List.of(EngineContext.class, BybitSimulator.class, BybitClientContext.class))
        {
            declared.addAll(keyConstantsBeside(anchor));
        }

        assertTrue(declared.contains(BybitSpotBrokerContext.DEDUP_WINDOW_PROP), declared::toString);
        assertTrue(declared.contains(EngineContext.DIR_PROP_NAME), declared::toString);
        assertTrue(declared.contains(BybitSimulator.IDLE_TIMEOUT_PROP), declared::toString);
        final Set<String> missing = new TreeSet<>(declared);
        missing.removeAll(ConfigKeys.known());
        assertEquals(Set.of(), missing, "qkt.* constants no ConfigKeySource registers");
    }

    private static Set<String> keyConstantsBeside(final Class<?> anchor) throws Exception
    {
        final Path location = Paths.get(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        final Set<String> keys = new TreeSet<>();
        if (Files.isDirectory(location))
        {
            scan(location, keys);
        }
        else
        {
            try (FileSystem jar = FileSystems.newFileSystem(URI.create("jar:" + location.toUri()), Map.of()))
            {
                scan(jar.getPath("/"), keys);
            }
        }
        return keys;
    }

    private static void scan(final Path root, final Set<String> keys) throws IOException, IllegalAccessException
    {
        final List<Path> classFiles;
        try (Stream<Path> files = Files.walk(root))
        {
            classFiles = files.filter((f) -> f.toString().endsWith(".class") && f.toString().contains("com/qkt/"))
                .toList();
        }
        for (final Path file : classFiles)
        {
            final String relative = root.relativize(file).toString();
            final String name = relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
            final Class<?> type;
            try
            {
                type = Class.forName(name, false, ConfigKeysRegisteredTest.class.getClassLoader());
            }
            catch (final ClassNotFoundException | LinkageError ex)
            {
                continue;
            }
            for (final Field field : type.getDeclaredFields())
            {
                final int modifiers = field.getModifiers();
                if (Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers) && field.getType() == String.class &&
                    Modifier.isPublic(modifiers))
                {
                    field.setAccessible(true);
                    final String value = (String)field.get(null);
                    if (null != value && value.startsWith(ConfigKeys.PREFIX) &&
                        value.length() > ConfigKeys.PREFIX.length() && value.indexOf(' ') < 0)
                    {
                        keys.add(value);
                    }
                }
            }
        }
    }
}
