package com.qkt.events;

import org.agrona.DirectBuffer;

/**
 * Receives strategy-facing broker events as raw SBE messages (message header included) on the handler thread.
 * The buffer is reused: copy what must outlive the call.
 */
@FunctionalInterface
public interface BrokerEventListener
{
    /**
     * @param buffer holding the message.
     * @param offset of the message header.
     * @param length of header plus message.
     */
    void onBrokerEvent(DirectBuffer buffer, int offset, int length);
}
