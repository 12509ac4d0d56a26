package com.qkt.common.config;

/**
 * A configuration value is missing, malformed or out of range. The message names the property key.
 */
public final class ConfigurationException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * @param key     property key (or setting name) that is wrong.
     * @param message what is wrong with it.
     */
    public ConfigurationException(final String key, final String message)
    {
        super(key + ": " + message);
        this.key = key;
    }

    /**
     * @param key     property key (or setting name) that is wrong.
     * @param message what is wrong with it.
     * @param cause   the parse failure.
     */
    public ConfigurationException(final String key, final String message, final Throwable cause)
    {
        super(key + ": " + message, cause);
        this.key = key;
    }

    /**
     * @return the property key that is wrong.
     */
    public String key()
    {
        return key;
    }
}
