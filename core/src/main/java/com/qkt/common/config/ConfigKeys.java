package com.qkt.common.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Enumeration;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * The registry of known {@code qkt.*} keys and the check that rejects any other: a misspelt key
 * ({@code qkt.bybit.reconect.initialMs}) would otherwise be ignored silently and the default used instead.
 * <p>
 * Known keys are what every {@link ConfigKeySource} on the class path declares. The contexts call
 * {@link #requireKnown(Properties)} from {@code conclude()} for their config file and for the system properties; the
 * error names the key and the nearest known one.
 */
public final class ConfigKeys
{
    /**
     * Prefix of the keys this check owns; other system properties (java.*, agrona.*) are not its business.
     */
    public static final String PREFIX = "qkt.";

    /**
     * Class path resource listing keys of modules without a {@link ConfigKeySource}.
     */
    public static final String KEY_LIST_RESOURCE = "META-INF/qkt/config-keys";

    private static volatile Set<String> known;

    private ConfigKeys()
    {
    }

    /**
     * @return every key declared by a {@link ConfigKeySource} on the class path, sorted.
     */
    public static Set<String> known()
    {
        Set<String> keys = known;
        if (null == keys)
        {
            final TreeSet<String> all = new TreeSet<>();
            final ClassLoader loader = ConfigKeys.class.getClassLoader();
            for (final ConfigKeySource source : ServiceLoader.load(ConfigKeySource.class, loader))
            {
                all.addAll(source.keys());
            }
            all.addAll(listedKeys(loader));
            keys = Set.copyOf(all);
            known = keys;
        }
        return keys;
    }

    /**
     * Keys listed one per line ({@code #} comments) in {@value #KEY_LIST_RESOURCE} resources: for modules that do not
     * depend on core (the simulator) and so cannot implement {@link ConfigKeySource}.
     */
    private static Set<String> listedKeys(final ClassLoader loader)
    {
        final TreeSet<String> keys = new TreeSet<>();
        try
        {
            final Enumeration<URL> lists = loader.getResources(KEY_LIST_RESOURCE);
            while (lists.hasMoreElements())
            {
                try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(lists.nextElement().openStream(), StandardCharsets.UTF_8)))
                {
                    String line;
                    while (null != (line = reader.readLine()))
                    {
                        line = line.trim();
                        if (!line.isEmpty() && !line.startsWith("#"))
                        {
                            keys.add(line);
                        }
                    }
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + KEY_LIST_RESOURCE, ex);
        }
        return keys;
    }

    /**
     * The keys a context declares: the values of its {@code public static final String} fields that start with
     * {@value #PREFIX}, so a new {@code *_PROP_NAME} constant is registered by being written.
     *
     * @param types context classes.
     * @return their keys.
     */
    public static Set<String> declaredIn(final Class<?>... types)
    {
        final TreeSet<String> keys = new TreeSet<>();
        for (final Class<?> type : types)
        {
            for (final Field field : type.getFields())
            {
                final int modifiers = field.getModifiers();
                if (Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers) && field.getType() == String.class)
                {
                    try
                    {
                        final String value = (String)field.get(null);
                        if (null != value && value.startsWith(PREFIX))
                        {
                            keys.add(value);
                        }
                    }
                    catch (final IllegalAccessException ex)
                    {
                        throw new IllegalStateException(ex);
                    }
                }
            }
        }
        return keys;
    }

    /**
     * @param props a config file's content, or null for the system properties.
     * @throws ConfigurationException naming the first unknown {@value #PREFIX} key (in sorted order) and the nearest
     *                                known key.
     */
    public static void requireKnown(final Properties props)
    {
        requireKnown(props, known());
    }

    /**
     * @param props a config file's content, or null for the system properties.
     * @param known the valid keys.
     * @throws ConfigurationException naming the first unknown {@value #PREFIX} key and the nearest known key.
     */
    public static void requireKnown(final Properties props, final Collection<String> known)
    {
        final Properties source = null == props ? System.getProperties() : props;
        final TreeSet<String> unknown = new TreeSet<>();
        for (final Map.Entry<Object, Object> entry : source.entrySet())
        {
            if (entry.getKey() instanceof String)
            {
                final String key = (String)entry.getKey();
                if (key.startsWith(PREFIX) && !known.contains(key))
                {
                    unknown.add(key);
                }
            }
        }
        if (!unknown.isEmpty())
        {
            final String key = unknown.first();
            final String nearest = nearest(key, known);
            throw new ConfigurationException(key, "unknown key" +
                (null == props ? " (system property)" : "") +
                (null == nearest ? "" : "; did you mean " + nearest + "?") +
                (unknown.size() > 1 ? " (" + (unknown.size() - 1) + " more unknown: " +
                String.join(", ", unknown.tailSet(key, false)) + ")" : ""));
        }
    }

    /**
     * @param key   an unknown key.
     * @param known the valid keys.
     * @return the known key with the least edit distance to {@code key}, or null when there is none.
     */
    public static String nearest(final String key, final Collection<String> known)
    {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (final String candidate : known)
        {
            final int distance = editDistance(key, candidate);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }
        return best;
    }

    /**
     * @param a one string.
     * @param b another.
     * @return Levenshtein distance (insertions, deletions, substitutions) between them.
     */
    public static int editDistance(final String a, final String b)
    {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++)
            {
                final int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            final int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
