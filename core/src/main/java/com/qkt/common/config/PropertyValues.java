package com.qkt.common.config;

import java.util.Properties;

/**
 * Typed reads of configuration properties for the {@code Context} classes: a value from a {@link Properties} (a
 * config file) or the system properties, with the key named in the {@link ConfigurationException} when it does not
 * parse. Values may use {@code _} separators ({@code 16_384}).
 */
public final class PropertyValues
{
    private PropertyValues()
    {
    }

    /**
     * @param props        to read from, {@code null} means system properties.
     * @param key          property key.
     * @param defaultValue when absent.
     * @return the value.
     */
    public static long getLong(final Properties props, final String key, final long defaultValue)
    {
        final String value = raw(props, key);
        if (null == value)
        {
            return defaultValue;
        }
        try
        {
            return Long.parseLong(value.replace("_", ""));
        }
        catch (final NumberFormatException ex)
        {
            throw new ConfigurationException(key, "not an integer: '" + value + "'", ex);
        }
    }

    /**
     * @param props        to read from, {@code null} means system properties.
     * @param key          property key.
     * @param defaultValue when absent.
     * @return the value.
     */
    public static int getInt(final Properties props, final String key, final int defaultValue)
    {
        final long value = getLong(props, key, defaultValue);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)
        {
            throw new ConfigurationException(key, "out of int range: " + value);
        }
        return (int)value;
    }

    /**
     * @param props        to read from, {@code null} means system properties.
     * @param key          property key.
     * @param defaultValue when absent.
     * @return the value.
     */
    public static double getDouble(final Properties props, final String key, final double defaultValue)
    {
        final String value = raw(props, key);
        if (null == value)
        {
            return defaultValue;
        }
        try
        {
            return Double.parseDouble(value.replace("_", ""));
        }
        catch (final NumberFormatException ex)
        {
            throw new ConfigurationException(key, "not a number: '" + value + "'", ex);
        }
    }

    /**
     * @param props        source, or null for the system properties.
     * @param key          property name.
     * @param defaultValue when absent.
     * @return {@code true} or {@code false} as written (case-insensitive).
     * @throws ConfigurationException naming the key for any other value.
     */
    public static boolean getBoolean(final Properties props, final String key, final boolean defaultValue)
    {
        final String value = raw(props, key);
        if (null == value)
        {
            return defaultValue;
        }
        if ("true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value))
        {
            return Boolean.parseBoolean(value);
        }
        throw new ConfigurationException(key, "not true or false: '" + value + "'");
    }

    /**
     * @param props        to read from, {@code null} means system properties.
     * @param key          property key.
     * @param defaultValue when absent.
     * @return the trimmed value.
     */
    public static String getString(final Properties props, final String key, final String defaultValue)
    {
        final String value = raw(props, key);
        return null == value ? defaultValue : value;
    }

    /**
     * @param props        to read from, {@code null} means system properties.
     * @param key          property key.
     * @param type         enum type, matched case-insensitively by constant name.
     * @param defaultValue when absent.
     * @param <E>          the enum.
     * @return the value.
     */
    public static <E extends Enum<E>> E getEnum(
        final Properties props, final String key, final Class<E> type, final E defaultValue)
    {
        final String value = raw(props, key);
        if (null == value)
        {
            return defaultValue;
        }
        for (final E constant : type.getEnumConstants())
        {
            if (constant.name().equalsIgnoreCase(value))
            {
                return constant;
            }
        }
        throw new ConfigurationException(key, "'" + value + "' is not one of " +
            java.util.Arrays.toString(type.getEnumConstants()));
    }

    private static String raw(final Properties props, final String key)
    {
        final String value = null == props ? System.getProperty(key) : props.getProperty(key);
        if (null == value)
        {
            return null;
        }
        final String trimmed = value.trim();
        return trimmed.isEmpty() ? null : trimmed;
    }
}
