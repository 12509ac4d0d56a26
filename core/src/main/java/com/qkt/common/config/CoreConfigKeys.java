package com.qkt.common.config;

import com.qkt.common.net.ReconnectSupervisor;
import com.qkt.engine.EngineContext;

import java.util.Collection;

/**
 * Core's configuration keys: {@link EngineContext} and {@link ReconnectSupervisor.Context}.
 */
public final class CoreConfigKeys implements ConfigKeySource
{
    /**
     * {@inheritDoc}
     */
    public Collection<String> keys()
    {
        return ConfigKeys.declaredIn(EngineContext.class, ReconnectSupervisor.Context.class);
    }
}
