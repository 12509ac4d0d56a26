package com.qkt.sim.bybit;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.java_websocket.WebSocket;

/**
 * One private-stream socket: its conn_id, the account it presented, auth state, subscriptions and fault flags.
 */
final class StreamSession
{
    final WebSocket conn;
    final String connId;
    final long idleTimeoutNanos;
    final Set<String> topics = ConcurrentHashMap.newKeySet();
    volatile Account account;
    volatile boolean authenticated;
    volatile boolean halfOpen;
    /** Set once the socket is gone or being dropped: nothing more is sent and gap fills have been triggered. */
    volatile boolean dropped;
    volatile long lastActivityNanos;

    StreamSession(final WebSocket conn, final String connId, final long idleTimeoutNanos, final long nowNanos)
    {
        this.conn = conn;
        this.connId = connId;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.lastActivityNanos = nowNanos;
    }

    boolean belongsTo(final String apiKey)
    {
        final Account a = account;
        return a != null && a.apiKey.equals(apiKey);
    }

    /** The topic name a push goes out under for this socket, or null if it is not subscribed. */
    String subscribedName(final PushTopic topic, final String category)
    {
        if (topics.contains(topic.base))
        {
            return topic.base;
        }
        if (topic.categorised)
        {
            final String name = topic.base + "." + category;
            if (topics.contains(name))
            {
                return name;
            }
        }
        return null;
    }
}
