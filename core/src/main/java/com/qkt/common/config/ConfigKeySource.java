package com.qkt.common.config;

import java.util.Collection;

/**
 * The {@code qkt.*} configuration keys one module reads, found with {@link java.util.ServiceLoader} (a
 * {@code META-INF/services/com.qkt.common.config.ConfigKeySource} line per module). System properties are shared by
 * every component of a process, so a key is unknown only when no module on the class path declares it: the transport's
 * keys are known to core's check without core depending on the transport.
 */
public interface ConfigKeySource
{
    /**
     * @return every key the module reads (typically {@link ConfigKeys#declaredIn(Class[])} of its contexts).
     */
    Collection<String> keys();
}
