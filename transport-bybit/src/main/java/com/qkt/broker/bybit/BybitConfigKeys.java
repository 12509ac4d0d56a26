package com.qkt.broker.bybit;

import com.qkt.common.config.ConfigKeySource;
import com.qkt.common.config.ConfigKeys;

import java.util.Collection;

/**
 * The transport's configuration keys ({@link BybitClientContext}, {@link BybitSpotBrokerContext}), registered with
 * {@code META-INF/services} so that core's unknown-key check knows them.
 */
public final class BybitConfigKeys implements ConfigKeySource
{
    /**
     * {@inheritDoc}
     */
    public Collection<String> keys()
    {
        return ConfigKeys.declaredIn(BybitClientContext.class, BybitSpotBrokerContext.class);
    }
}
